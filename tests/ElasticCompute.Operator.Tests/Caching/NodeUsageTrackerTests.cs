using ElasticCompute.Operator.Caching;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Caching;

/// <summary>The tracker kept from events must always equal usage summed from the VMIs that exist.</summary>
public sealed class NodeUsageTrackerTests
{
    private static readonly string?[] NodeNames = [null, "n1", "n2", "n3"];
    private static readonly string[] Phases = ["Pending", "Scheduled", "Running", "Succeeded", "Failed"];

    [Fact]
    public void Events_keep_the_same_sums_as_a_full_count()
    {
        var random = new Random(42);
        var tracker = new NodeUsageTracker();
        var live = new Dictionary<string, VirtualMachineInstance>(StringComparer.Ordinal);
        for (var step = 0; step < 5000; step++)
        {
            var name = $"vm-{random.Next(40)}";
            var next = Vmi(name, NodeNames[random.Next(NodeNames.Length)], random.Next(1, 9), random.Next(1, 17), Phases[random.Next(Phases.Length)]);
            if (!live.TryGetValue(name, out var old))
            {
                tracker.OnAdd(next);
                live[name] = next;
            }
            else if (random.Next(4) == 0)
            {
                tracker.OnDelete(old);
                live.Remove(name);
            }
            else
            {
                tracker.OnUpdate(old, next);
                live[name] = next;
            }

            var self = new MachineKey("team-a", $"vm-{random.Next(40)}");
            var expected = NodeUsage.Of(live.Values, self);
            var actual = tracker.Snapshot(self);
            Assert.Equal(expected.ByNode.Where(kv => kv.Value != (0, 0)).OrderBy(kv => kv.Key), actual.ByNode.OrderBy(kv => kv.Key));
            Assert.Equal(expected.Own, actual.Own);
        }
    }

    [Fact]
    public void A_finished_or_unplaced_vmi_takes_nothing_and_a_growing_machine_leaves_out_its_own()
    {
        var tracker = new NodeUsageTracker();
        tracker.OnAdd(Vmi("a", "n1", 4, 8, "Running"));
        tracker.OnAdd(Vmi("b", "n1", 2, 4, "Succeeded"));
        tracker.OnAdd(Vmi("c", null, 2, 4, "Pending"));

        var usage = tracker.Snapshot(new MachineKey("team-a", "a"));
        Assert.Equal((4m, 8m * 1024 * 1024 * 1024), usage.ByNode["n1"]);
        Assert.Single(usage.ByNode);
        Assert.Equal((0m, 0m), usage.UsedByOthers("n1"));
        Assert.Equal((4m, 8m * 1024 * 1024 * 1024), tracker.Snapshot().UsedByOthers("n1"));
    }

    private static VirtualMachineInstance Vmi(string name, string? node, int cpu, int memoryGi, string phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a" },
        Spec = new VirtualMachineInstanceSpec { Domain = new DomainSpec { Cpu = new CpuTopology { Sockets = cpu, Cores = 1, Threads = 1 }, Memory = new GuestMemory { Guest = $"{memoryGi}Gi" } } },
        Status = new VirtualMachineInstanceStatus { Phase = phase, NodeName = node },
    };
}
