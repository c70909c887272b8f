using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Tests.Support;
using ElasticCompute.Api.Validation;
using Json.Schema;
using k8s;

namespace ElasticCompute.Api.Tests.Crds;

/// <summary>The manifests in examples/ are what users copy: each must pass the CRD schema, strict field checks, the CEL rules and the validator.</summary>
public sealed class ExampleTests
{
    public static TheoryData<string> ExampleFiles => new(
        Directory.GetFiles(RepositoryPaths.Examples, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Select(f => Path.GetRelativePath(RepositoryPaths.Examples, f)).Order());

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_is_accepted(string relativePath)
    {
        var documents = YamlToJson.ReadAll(File.ReadAllText(Path.Combine(RepositoryPaths.Examples, relativePath)));
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            AssertAccepted(document!);
        }
    }

    [Fact]
    public void Kubectl_renders_the_gitops_example_into_accepted_objects()
    {
        var output = Run("kubectl", "kustomize", Path.Combine(RepositoryPaths.Examples, "gitops"));
        var documents = YamlToJson.ReadAll(output);

        Assert.Equal(["Namespace", "ElasticMachine", "ElasticMachine"], documents.Select(d => (string)d!["kind"]!));
        foreach (var machine in documents.Skip(1))
        {
            Assert.Equal("team-b", (string)machine!["metadata"]!["namespace"]!);
            AssertAccepted(machine);
        }
    }

    [Fact]
    public void A_typo_in_a_manifest_is_caught_as_an_unknown_field()
    {
        var machine = YamlToJson.Read("{apiVersion: elasticcompute.io/v1alpha1, kind: ElasticMachine, metadata: {name: a}, spec: {cpu: 2, memory: 4Gi, storage: {sise: 80Gi}}}");

        Assert.Equal(["spec.storage.sise"], StructuralSchema.UnknownFields(CrdFiles.ElasticMachines.Schema(), machine));
    }

    [Fact]
    public void The_schema_refuses_a_malformed_quantity_before_any_webhook()
    {
        var machine = YamlToJson.Read("{apiVersion: elasticcompute.io/v1alpha1, kind: ElasticMachine, metadata: {name: a}, spec: {cpu: 2, memory: 4GB}}");

        Assert.False(SchemaFor(CrdFiles.ElasticMachines).Evaluate(ToElement(machine!)).IsValid);
    }

    private static void AssertAccepted(JsonNode document)
    {
        var kind = (string)document["kind"]!;
        if (kind == "Namespace")
        {
            return;
        }

        var crd = kind == ElasticMachine.KubeKind ? CrdFiles.ElasticMachines : CrdFiles.Policies;
        var evaluation = SchemaFor(crd).Evaluate(ToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, string.Join("; ", (evaluation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.Empty(StructuralSchema.UnknownFields(crd.Schema(), document));
        Assert.Empty(CelRules.Failures(crd.Schema(), document, null));

        if (kind == ElasticMachine.KubeKind)
        {
            var machine = KubernetesJson.Deserialize<ElasticMachine>(document.ToJsonString());
            Assert.Empty(ElasticComputeApi.CreateValidator().ValidateCreate(machine, EffectivePolicy.Default).ToMessages());
        }
        else
        {
            var policy = KubernetesJson.Deserialize<ElasticComputePolicy>(document.ToJsonString());
            Assert.NotNull(EffectivePolicy.From(policy.Spec));
        }
    }

    /// <summary>The OpenAPI schema as plain JSON Schema; the x-kubernetes-* keywords are checked by StructuralSchema and CelRules.</summary>
    private static JsonSchema SchemaFor(k8s.Models.V1CustomResourceDefinition crd)
    {
        var schema = JsonNode.Parse(KubernetesJson.Serialize(crd.Schema()))!;
        StripKubernetesKeywords(schema);
        return JsonSchema.FromText(schema.ToJsonString());
    }

    private static void StripKubernetesKeywords(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(kv => kv.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal)).ToArray())
                {
                    obj.Remove(key);
                }

                foreach (var (_, child) in obj)
                {
                    StripKubernetesKeywords(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    StripKubernetesKeywords(child);
                }

                break;
        }
    }

    private static JsonElement ToElement(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement;

    private static string Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} failed: {error}");
        return output.Result;
    }
}
