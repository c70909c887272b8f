using System.Text.Json.Nodes;
using k8s;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>The platform policy through the operator: pool capacity in its status, and pools steering placement.</summary>
public sealed class PolicyTests(OperatorFixture cluster) : IClassFixture<OperatorFixture>
{
    [Fact]
    public async Task The_policy_status_shows_each_pools_capacity_and_an_empty_pool_holds_machines_back()
    {
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(
            DevCluster.Server.Http.YamlJson.Read("""
                apiVersion: elasticcompute.io/v1alpha1
                kind: ElasticComputePolicy
                metadata: {name: default}
                spec:
                  pools:
                  - {name: general, default: true, nodeSelector: {elasticcompute.io/pool: general}}
                  - {name: fast, nodeSelector: {elasticcompute.io/pool: fast}}
                """)!,
            Group, OperatorFixture.Version, "elasticcomputepolicies");

        var status = await Eventually(
            async () => Json(await cluster.Client.CustomObjects.GetClusterCustomObjectAsync(Group, OperatorFixture.Version, "elasticcomputepolicies", "default")),
            p => p["status"]?["pools"] is JsonArray { Count: 2 },
            "the policy status to list both pools");
        var pools = status["status"]!["pools"]!.AsArray();
        Assert.Equal("general", (string?)pools[0]!["name"]);
        Assert.Equal(2, (int)pools[0]!["nodes"]!);
        Assert.Equal("16", pools[0]!["cpu"]!["total"]!.ToString());
        Assert.Equal(0, (int)pools[1]!["nodes"]!);
        Assert.Equal("True", (string?)status["status"]!["conditions"]![0]!["status"]);

        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "quick", "{cpu: 1, memory: 2Gi, pool: fast}");
        var waiting = await cluster.MachineWhereAsync(ns, "quick", m => Condition(m, "CapacityAvailable") == "False", "quick to wait for the empty pool");
        var message = (string?)(waiting["status"]!["conditions"] as JsonArray)!.First(c => (string?)c!["type"] == "CapacityAvailable")!["message"];
        Assert.StartsWith("pool fast has no ready, schedulable nodes", message, StringComparison.Ordinal);

        await cluster.CreateMachineAsync(ns, "steady", "{cpu: 2, memory: 4Gi}");
        await cluster.MachineWhereAsync(ns, "steady", m => Phase(m) == "Running", "steady to run in the general pool");
        await Eventually(
            async () => Json(await cluster.Client.CustomObjects.GetClusterCustomObjectAsync(Group, OperatorFixture.Version, "elasticcomputepolicies", "default")),
            p => p["status"]!["pools"]![0]!["cpu"]!["allocated"]!.ToString() == "2",
            "the general pool to count the running machine");
    }
}
