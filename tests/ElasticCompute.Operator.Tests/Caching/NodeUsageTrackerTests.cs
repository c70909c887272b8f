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

    [Fact]
    public void Machines_placed_but_not_on_a_node_are_pending_until_their_vmi_lands()
    {
        var vms = new Dictionary<string, VirtualMachine>(StringComparer.Ordinal);
        var tracker = new NodeUsageTracker(new VmCache(vms));
        var fits = new CapacityVerdict(true, CapacityVerdict.Available, "fits");
        var size = new ElasticCompute.Api.Machines.MachineSize(4, 8m * 1024 * 1024 * 1024);

        // Checked and set aside at once; another machine's check sees it, its own does not.
        Assert.Same(fits, tracker.TryPlace(new MachineKey("team-a", "a"), size, usage => usage.Pending.Count == 0 ? fits : throw new InvalidOperationException("saw pending")));
        Assert.Single(tracker.Snapshot(new MachineKey("team-a", "b")).Pending);
        Assert.Empty(tracker.Snapshot(new MachineKey("team-a", "a")).Pending);

        // Its VM shows (should run): still pending, now from the VM; its VMI lands on a node: counted there instead.
        vms["a"] = Vm("a", 4, 8, "Always");
        tracker.OnAdd(vms["a"]);
        Assert.Equal([new PendingMachine(4m, 8m * 1024 * 1024 * 1024)], tracker.Snapshot().Pending);
        tracker.OnAdd(Vmi("a", null, 4, 8, "Scheduling"));
        Assert.Single(tracker.Snapshot().Pending);
        tracker.OnUpdate(Vmi("a", null, 4, 8, "Scheduling"), Vmi("a", "n1", 4, 8, "Running"));
        Assert.Empty(tracker.Snapshot().Pending);
        Assert.Equal((4m, 8m * 1024 * 1024 * 1024), tracker.Snapshot().ByNode["n1"]);

        // The VMI goes (a restart): pending again while the VM should run; the VM halted: nothing.
        tracker.OnDelete(Vmi("a", "n1", 4, 8, "Running"));
        Assert.Single(tracker.Snapshot().Pending);
        tracker.OnUpdate(vms["a"], vms["a"] = Vm("a", 4, 8, "Halted"));
        Assert.Empty(tracker.Snapshot().Pending);

        // A machine whose check chose a node is counted there, and keeps that node when its VM and unplaced VMI show.
        tracker.TryPlace(new MachineKey("team-a", "d"), size, _ => fits with { Node = "n2" });
        Assert.Empty(tracker.Snapshot().Pending);
        Assert.Equal((4m, 8m * 1024 * 1024 * 1024, 1), tracker.Snapshot().PendingByNode["n2"]);
        Assert.Equal((0m, 0m, 0), tracker.Snapshot(new MachineKey("team-a", "d")).PendingByNode["n2"]);
        vms["d"] = Vm("d", 4, 8, "Always");
        tracker.OnAdd(vms["d"]);
        tracker.OnAdd(Vmi("d", null, 4, 8, "Scheduling"));
        Assert.Equal(1, tracker.Snapshot().PendingByNode["n2"].Count);
        tracker.OnUpdate(Vmi("d", null, 4, 8, "Scheduling"), Vmi("d", "n1", 4, 8, "Running"));
        Assert.Empty(tracker.Snapshot().PendingByNode);

        // The VM and VMI watches have no order between them: a VMI seen before its VM keeps the room its check set aside.
        tracker.TryPlace(new MachineKey("team-a", "e"), size, _ => fits with { Node = "n3" });
        tracker.OnAdd(Vmi("e", null, 4, 8, "Pending"));
        Assert.Equal((4m, 8m * 1024 * 1024 * 1024, 1), tracker.Snapshot().PendingByNode["n3"]);
        tracker.OnDelete(Vmi("e", null, 4, 8, "Pending"));
        Assert.Equal(1, tracker.Snapshot().PendingByNode["n3"].Count);
        vms["e"] = Vm("e", 4, 8, "Always");
        tracker.OnAdd(vms["e"]);
        tracker.OnAdd(Vmi("e", "n3", 4, 8, "Running"));
        Assert.Empty(tracker.Snapshot().PendingByNode);

        // A check that refuses sets nothing aside; a machine deleted before its VM was made gives its room back.
        var refused = new CapacityVerdict(false, CapacityVerdict.InsufficientCapacity, "no room");
        tracker.TryPlace(new MachineKey("team-a", "b"), size, _ => refused);
        Assert.Empty(tracker.Snapshot().Pending);
        tracker.TryPlace(new MachineKey("team-a", "c"), size, _ => fits);
        tracker.Release(new MachineKey("team-a", "c"));
        Assert.Empty(tracker.Snapshot().Pending);
    }

    [Fact]
    public void A_halted_vm_whose_vmi_went_first_gives_its_room_back_and_says_so()
    {
        var vms = new Dictionary<string, VirtualMachine>(StringComparer.Ordinal) { ["a"] = Vm("a", 4, 8, "Always") };
        var tracker = new NodeUsageTracker(new VmCache(vms));
        var released = 0;
        tracker.RoomReleased += () => released++;
        tracker.OnAdd(vms["a"]);
        tracker.OnAdd(Vmi("a", "n1", 4, 8, "Running"));
        Assert.Equal(0, released);

        // The VMI's deletion is seen while the cache still has the VM running: its room stays set aside (a restart looks
        // the same), until the VM's own change shows it halted.
        tracker.OnDelete(Vmi("a", "n1", 4, 8, "Running"));
        Assert.Single(tracker.Snapshot().Pending);
        Assert.Equal(0, released);
        tracker.OnUpdate(vms["a"], vms["a"] = Vm("a", 4, 8, "Halted"));
        Assert.Empty(tracker.Snapshot().Pending);
        Assert.Equal(1, released);

        // Nothing was set aside: nothing to give back.
        tracker.OnDelete(vms["a"]);
        Assert.Equal(1, released);

        // A machine checked and placed, then deleted before its VM ran: its VM's deletion gives the room back.
        tracker.TryPlace(new MachineKey("team-a", "b"), new ElasticCompute.Api.Machines.MachineSize(2, 4m * 1024 * 1024 * 1024), _ => new CapacityVerdict(true, CapacityVerdict.Available, "fits") { Node = "n2" });
        tracker.OnDelete(Vm("b", 2, 4, "Always"));
        Assert.Empty(tracker.Snapshot().PendingByNode);
        Assert.Equal(2, released);
    }

    [Fact]
    public void A_vm_waiting_with_no_node_chosen_carries_its_pools_node_selector()
    {
        var tracker = new NodeUsageTracker();
        var vm = Vm("a", 2, 4, "Always");
        vm.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["elasticcompute.io/pool"] = "fast" };
        tracker.OnAdd(vm);
        var pending = Assert.Single(tracker.Snapshot().Pending);
        Assert.Equal("fast", pending.NodeSelector!["elasticcompute.io/pool"]);
    }

    /// <summary>The VM cache the tracker reads (Moq cannot proxy a cache of an internal type).</summary>
    private sealed class VmCache(Dictionary<string, VirtualMachine> vms) : ElasticCompute.Runtime.Informers.ICache<VirtualMachine>
    {
        public bool HasSynced => true;

        public int Count => vms.Count;

        public VirtualMachine? Find(string? ns, string name) => vms.GetValueOrDefault(name);

        public IReadOnlyList<VirtualMachine> List(string? ns = null) => [.. vms.Values];

        public IReadOnlyList<VirtualMachine> ByIndex(string indexName, string value) => [];
    }

    private static VirtualMachine Vm(string name, int cpu, int memoryGi, string runStrategy) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a" },
        Spec = new VirtualMachineSpec
        {
            RunStrategy = runStrategy,
            Template = new VirtualMachineInstanceTemplate { Spec = new VirtualMachineInstanceSpec { Domain = new DomainSpec { Cpu = new CpuTopology { Sockets = cpu }, Memory = new GuestMemory { Guest = $"{memoryGi}Gi" } } } },
        },
    };

    private static VirtualMachineInstance Vmi(string name, string? node, int cpu, int memoryGi, string phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a" },
        Spec = new VirtualMachineInstanceSpec { Domain = new DomainSpec { Cpu = new CpuTopology { Sockets = cpu, Cores = 1, Threads = 1 }, Memory = new GuestMemory { Guest = $"{memoryGi}Gi" } } },
        Status = new VirtualMachineInstanceStatus { Phase = phase, NodeName = node },
    };
}
