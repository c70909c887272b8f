using System.Text.Json.Nodes;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>Capacity on a cluster of its own (two nodes of 8 vCPU), so other tests' machines take no room.</summary>
public sealed class CapacityTests(OperatorFixture cluster) : IClassFixture<OperatorFixture>
{
    [Fact]
    public async Task A_machine_that_does_not_fit_waits_and_runs_when_capacity_frees()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "big-1", "{cpu: 8, memory: 16Gi}");
        await cluster.CreateMachineAsync(ns, "big-2", "{cpu: 8, memory: 16Gi}");
        await cluster.MachineWhereAsync(ns, "big-1", m => Phase(m) == "Running", "big-1 to run");
        await cluster.MachineWhereAsync(ns, "big-2", m => Phase(m) == "Running", "big-2 to run");

        await cluster.CreateMachineAsync(ns, "big-3", "{cpu: 8, memory: 16Gi}");
        var waiting = await cluster.MachineWhereAsync(ns, "big-3", m => Condition(m, "CapacityAvailable") == "False", "big-3 to wait for capacity");
        var message = (string?)(waiting["status"]!["conditions"] as JsonArray)!.First(c => (string?)c!["type"] == "CapacityAvailable")!["message"];
        Assert.Contains("largest free slot", message, StringComparison.Ordinal);
        Assert.Null(await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "big-3"));

        await cluster.PatchMachineAsync(ns, "big-1", """{"spec":{"runStrategy":"Halted"}}""");

        await cluster.MachineWhereAsync(ns, "big-3", m => Phase(m) == "Running", "big-3 to run once big-1 stopped", seconds: 60);
    }
}
