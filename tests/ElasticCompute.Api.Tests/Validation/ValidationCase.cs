using System.Text.Json.Nodes;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Tests.Support;

namespace ElasticCompute.Api.Tests.Validation;

/// <summary>One row of a table in Validation/Cases: a spec (and, for updates, the current spec) and the expected error.</summary>
internal sealed record ValidationCase(string Name, string? MachineName, JsonNode Spec, JsonNode? Current, string? Error)
{
    public ElasticMachine Machine => Build(Spec);

    public ElasticMachine? CurrentMachine => Current is null ? null : Build(Current);

    public static IReadOnlyDictionary<string, ValidationCase> Load(string fileName)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "ElasticCompute.Api.Tests", "Validation", "Cases", fileName);
        var rows = (JsonArray)YamlToJson.Read(TestKeys.Expand(File.ReadAllText(path)))!;
        return rows.Select(r => r!.AsObject()).Select(r => new ValidationCase(
                (string)r["case"]!,
                r["name"] is { } n ? (string?)n : null,
                r["spec"]!,
                r["current"],
                r["error"] is { } e ? (string?)e : null))
            .ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public static TheoryData<string> Names(string fileName) => new(Load(fileName).Keys);

    private ElasticMachine Build(JsonNode spec)
    {
        var machine = TestMachines.FromJson(new JsonObject
        {
            ["apiVersion"] = ElasticMachine.ApiVersionValue,
            ["kind"] = ElasticMachine.KubeKind,
            ["metadata"] = new JsonObject { ["name"] = MachineName ?? "web-1", ["namespace"] = "team-a" },
            ["spec"] = spec.DeepClone(),
        });
        return machine;
    }
}
