using k8s;
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

        // While it waits, the free room it names changes (a node cordoned): the condition follows, the wait's event is not repeated.
        var node = (string)(await cluster.MachineAsync(ns, "big-2"))!["status"]!["nodeName"]!;
        await CordonAsync(node, true);
        try
        {
            await cluster.MachineWhereAsync(ns, "big-3", m => ConditionMessage(m, "CapacityAvailable")?.EndsWith("on 1 node", StringComparison.Ordinal) == true, "big-3's message to count the one schedulable node (progress is written within seconds)", seconds: 15);
            await Task.Delay(TimeSpan.FromSeconds(1)); // events are written in the background
            var events = (await cluster.Client.EventsV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.Regarding.Name == "big-3" && e.Type == "Warning").ToList();
            var only = Assert.Single(events);
            Assert.Equal("InsufficientCapacity", only.Reason);
            Assert.Equal(message, only.Note);
        }
        finally
        {
            await CordonAsync(node, false);
        }

        await cluster.PatchMachineAsync(ns, "big-1", """{"spec":{"runStrategy":"Halted"}}""");

        await cluster.MachineWhereAsync(ns, "big-3", m => Phase(m) == "Running", "big-3 to run once big-1 stopped", seconds: 60);
    }

    private Task CordonAsync(string node, bool cordoned) =>
        cluster.Client.CoreV1.PatchNodeAsync(new k8s.Models.V1Patch(new JsonObject { ["spec"] = new JsonObject { ["unschedulable"] = cordoned } }.ToJsonString(), k8s.Models.V1Patch.PatchType.MergePatch), node);
}

/// <summary>Machines created together, on a cluster of their own (two nodes of 8 vCPU).</summary>
public sealed class CapacityBurstTests(OperatorFixture cluster) : IClassFixture<OperatorFixture>
{
    [Fact]
    public async Task Machines_created_together_do_not_all_take_the_same_room()
    {
        // Each takes a whole node: two fit, the third waits for capacity with no VM, instead of being placed and left
        // Pending by the scheduler because every check saw the same free room.
        var ns = await cluster.NamespaceAsync();
        string[] names = ["big-1", "big-2", "big-3"];
        await Task.WhenAll(names.Select(name => cluster.CreateMachineAsync(ns, name, "{cpu: 8, memory: 16Gi}")));

        var machines = await Eventually(
            async () => await Task.WhenAll(names.Select(name => cluster.MachineAsync(ns, name))),
            all => all.Count(m => m is not null && Phase(m) == "Running") == 2 && all.Count(m => m is not null && Condition(m, "CapacityAvailable") == "False") == 1,
            "two machines running and one waiting for capacity");
        var waiting = machines.Single(m => Condition(m!, "CapacityAvailable") == "False")!;
        var name = (string)waiting["metadata"]!["name"]!;
        Assert.Null(await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", name));

        var running = names.First(n => n != name);
        await cluster.PatchMachineAsync(ns, running, """{"spec":{"runStrategy":"Halted"}}""");
        await cluster.MachineWhereAsync(ns, name, m => Phase(m) == "Running", $"{name} to run once {running} stopped", seconds: 60);
    }
}
