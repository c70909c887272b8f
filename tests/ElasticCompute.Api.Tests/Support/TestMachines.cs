using System.Text.Json.Nodes;
using ElasticCompute.Api.Machines;
using k8s;

namespace ElasticCompute.Api.Tests.Support;

internal static class TestMachines
{
    /// <summary>A machine from a spec given as YAML (or JSON), the way kubectl would send it.</summary>
    public static ElasticMachine FromSpec(string specYaml, string name = "web-1", string @namespace = "team-a")
    {
        var spec = YamlToJson.Read(specYaml) ?? new JsonObject();
        return FromJson(new JsonObject
        {
            ["apiVersion"] = ElasticMachine.ApiVersionValue,
            ["kind"] = ElasticMachine.KubeKind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
            ["spec"] = spec,
        });
    }

    public static ElasticMachine FromJson(JsonNode json) => KubernetesJson.Deserialize<ElasticMachine>(json.ToJsonString());
}
