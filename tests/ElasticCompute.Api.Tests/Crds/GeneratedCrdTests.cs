using System.ComponentModel;
using ElasticCompute.Api.Tests.Support;
using ElasticCompute.CrdGen;
using k8s.Models;

namespace ElasticCompute.Api.Tests.Crds;

public sealed class GeneratedCrdTests
{
    [Fact]
    public void Checked_in_crds_match_the_generator()
    {
        var generated = CrdGenerator.GenerateFiles();

        foreach (var (fileName, yaml) in generated)
        {
            var path = Path.Combine(RepositoryPaths.Crds, fileName);
            Assert.True(File.Exists(path), $"{path} is missing; run: dotnet run --project crds/ElasticCompute.CrdGen -- --output crds");
            Assert.True(
                File.ReadAllText(path) == yaml,
                $"{path} is stale; run: dotnet run --project crds/ElasticCompute.CrdGen -- --output crds");
        }

        var onDisk = Directory.GetFiles(RepositoryPaths.Crds, "*.yaml").Select(Path.GetFileName).Order();
        Assert.Equal(generated.Select(g => g.FileName).Order(), onDisk);
    }

    [Fact]
    public void ElasticMachine_crd_has_the_names_columns_and_subresources_kubectl_uses()
    {
        var crd = CrdFiles.ElasticMachines;

        Assert.Equal("elasticmachines.elasticcompute.io", crd.Metadata.Name);
        Assert.Equal("elasticcompute.io", crd.Spec.Group);
        Assert.Equal("Namespaced", crd.Spec.Scope);
        Assert.Equal("ElasticMachine", crd.Spec.Names.Kind);
        Assert.Equal(["em"], crd.Spec.Names.ShortNames);
        Assert.Equal(["elasticcompute"], crd.Spec.Names.Categories);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal("v1alpha1", version.Name);
        Assert.True(version.Served && version.Storage);
        Assert.NotNull(version.Subresources?.Status);
        Assert.Equal(
            ["CPU", "MEMORY", "DISK", "STATUS", "NODE", "AGE"],
            version.AdditionalPrinterColumns.Where(c => (c.Priority ?? 0) == 0).Select(c => c.Name.ToUpperInvariant()));
        Assert.Equal(["spec"], crd.Schema().Required);
    }

    [Fact]
    public void Policy_crd_is_cluster_scoped_and_must_be_named_default()
    {
        var crd = CrdFiles.Policies;

        Assert.Equal("Cluster", crd.Spec.Scope);
        Assert.Equal(["ecp"], crd.Spec.Names.ShortNames);
        Assert.Contains(crd.Schema().XKubernetesValidations, r => r.Rule == "self.metadata.name == 'default'");
    }

    [Theory]
    [InlineData("elasticcompute.io_elasticmachines.yaml")]
    [InlineData("elasticcompute.io_elasticcomputepolicies.yaml")]
    public void Every_field_has_a_description_and_the_schema_is_structural(string fileName)
    {
        var schema = CrdFiles.Load(fileName).Schema();
        var problems = new List<string>();

        Walk(schema, "<root>", problems);

        Assert.Empty(problems);
        Assert.NotEmpty(schema.Properties["spec"].Properties);
        Assert.NotEmpty(schema.Properties["status"].Properties);
    }

    [Fact]
    public void Quantities_are_int_or_string_with_the_kubernetes_pattern()
    {
        var spec = CrdFiles.ElasticMachines.Schema().Properties["spec"];

        foreach (var quantity in new[] { spec.Properties["memory"], spec.Properties["storage"].Properties["size"] })
        {
            Assert.True(quantity.XKubernetesIntOrString);
            Assert.Null(quantity.Type);
            Assert.Equal(["integer", "string"], quantity.AnyOf.Select(a => a.Type));
            Assert.Equal(Api.Quantities.Quantity.Pattern, quantity.Pattern);
        }
    }

    [Fact]
    public void Enums_defaults_and_limits_reach_the_schema()
    {
        var spec = CrdFiles.ElasticMachines.Schema().Properties["spec"];

        Assert.Equal(["Always", "Halted", "RerunOnFailure", "Manual"], spec.Properties["runStrategy"].EnumProperty.Select(e => e.ToString()));
        Assert.Equal("Always", spec.Properties["runStrategy"].DefaultProperty?.ToString());
        Assert.Equal("Retain", spec.Properties["storage"].Properties["reclaimPolicy"].DefaultProperty?.ToString());
        Assert.Equal(1, spec.Properties["cpu"].Minimum);
        Assert.Equal(32, spec.Properties["sshKeys"].MaxItems);
        Assert.Equal("set", spec.Properties["sshKeys"].XKubernetesListType);
        Assert.Equal(63, spec.Properties["pool"].MaxLength);
        Assert.Equal(Schema.DnsNames.LabelPattern, spec.Properties["pool"].Pattern);
        var conditions = CrdFiles.ElasticMachines.Schema().Properties["status"].Properties["conditions"];
        Assert.Equal("map", conditions.XKubernetesListType);
        Assert.Equal(["type"], conditions.XKubernetesListMapKeys);
    }

    [Fact]
    public void A_type_without_descriptions_is_refused_by_the_generator()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CrdGenerator.Build(typeof(UndocumentedResource)));

        Assert.Contains("UndocumentedSpec.Size has no [DescriptionAttribute]", error.Message, StringComparison.Ordinal);
    }

    private static void Walk(V1JSONSchemaProps schema, string path, List<string> problems)
    {
        if (path != "<root>" && !path.EndsWith("[]", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(schema.Description))
        {
            problems.Add($"{path}: no description");
        }

        if (schema.Type is null && schema.XKubernetesIntOrString != true && schema.XKubernetesPreserveUnknownFields != true)
        {
            problems.Add($"{path}: no type");
        }

        if (schema.Type == "array" && schema.Items is null)
        {
            problems.Add($"{path}: array without items");
        }

        if (schema.Properties is not null && schema.AdditionalProperties is not null)
        {
            problems.Add($"{path}: both properties and additionalProperties");
        }

        foreach (var (name, child) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            Walk(child, path == "<root>" ? name : $"{path}.{name}", problems);
        }

        if (schema.Items is V1JSONSchemaProps items)
        {
            Walk(items, path + "[]", problems);
        }
    }

    [KubernetesEntity(Group = "test.elasticcompute.io", ApiVersion = "v1", Kind = "Undocumented", PluralName = "undocumenteds")]
    [Schema.CustomResource]
    [Description("A resource whose spec lacks descriptions.")]
    private sealed record UndocumentedResource
    {
        [System.Text.Json.Serialization.JsonPropertyName("spec")]
        [Description("The spec.")]
        public UndocumentedSpec Spec { get; set; } = new();
    }

    private sealed record UndocumentedSpec
    {
        [System.Text.Json.Serialization.JsonPropertyName("size")]
        public int Size { get; set; }
    }
}
