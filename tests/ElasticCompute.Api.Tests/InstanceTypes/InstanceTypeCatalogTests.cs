using ElasticCompute.Api.InstanceTypes;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Tests.Support;

namespace ElasticCompute.Api.Tests.InstanceTypes;

public sealed class InstanceTypeCatalogTests
{
    [SkippableFact]
    public void The_built_in_u1_series_matches_kubevirts_common_instancetypes()
    {
        var path = RepositoryPaths.RequireShared(Path.Combine("kubevirt", "common-clusterinstancetypes.yaml"));
        var real = YamlToJson.ReadAll(File.ReadAllText(path))
            .Where(d => (string?)d?["kind"] == "VirtualMachineClusterInstancetype")
            .Select(d => new InstanceTypeSize(
                (string)d!["metadata"]!["name"]!,
                (int)(long)d["spec"]!["cpu"]!["guest"]!,
                new Quantity((string)d["spec"]!["memory"]!["guest"]!).ToDecimal()))
            .Where(t => t.Name.StartsWith("u1.", StringComparison.Ordinal))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(real);
        Assert.Equal(real, InstanceTypeCatalog.Universal.All.OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void Names_are_listed_smallest_first()
    {
        Assert.Equal(
            ["u1.nano", "u1.micro", "u1.small", "u1.medium", "u1.2xmedium", "u1.large", "u1.xlarge", "u1.2xlarge", "u1.4xlarge", "u1.8xlarge"],
            InstanceTypeCatalog.Universal.Names);
    }

    [Fact]
    public void A_policy_allow_list_restricts_the_catalog()
    {
        var restricted = InstanceTypeCatalog.Universal.Restrict(["u1.small", "u1.unknown", "u1.large"]);

        Assert.Equal(["u1.small", "u1.large"], restricted.Names);
        Assert.False(restricted.TryGet("u1.medium", out _));
    }
}
