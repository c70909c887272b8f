using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Machines;

public sealed class CapacityPlannerTests
{
    private const decimal Gi = Quantity.Gi;
    private static readonly ResourcePool Fast = new() { Name = "fast", NodeSelector = new Dictionary<string, string> { ["pool"] = "fast" } };
    private readonly CapacityPlanner planner = new();

    private static V1Node Node(string name, string cpu, string memory, bool ready = true, bool cordoned = false, string pool = "fast") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["pool"] = pool } },
        Spec = new V1NodeSpec { Unschedulable = cordoned },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };

    private static VirtualMachineInstance Vmi(string name, string? node, int cpu, string memory, string phase = "Running", string ns = "team-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new VirtualMachineInstanceSpec { Domain = new DomainSpec { Cpu = new CpuTopology { Sockets = cpu, Cores = 1, Threads = 1 }, Memory = new GuestMemory { Guest = memory } } },
        Status = new VirtualMachineInstanceStatus { Phase = phase, NodeName = node },
    };

    private static readonly V1Node[] Nodes =
    [
        Node("n1", "16", "32Gi"),
        Node("n2", "8", "16Gi"),
        Node("n3", "64", "256Gi", ready: false),
        Node("n4", "64", "256Gi", cordoned: true),
        Node("n5", "64", "256Gi", pool: "general"),
    ];

    private static readonly VirtualMachineInstance[] Vmis =
    [
        Vmi("a", "n1", 8, "16Gi"),
        Vmi("b", "n1", 2, "4Gi"),
        Vmi("c", "n2", 2, "4Gi"),
        Vmi("done", "n2", 8, "16Gi", phase: "Succeeded"),
        Vmi("pending", null, 8, "16Gi", phase: "Pending"),
        Vmi("other-pool", "n5", 32, "64Gi"),
    ];

    [Theory]
    [InlineData("n1", "node n1 has room for the machine at 1 vCPU, 2Gi: it asks for less than before")]
    [InlineData(null, "the machine needs no more room at 1 vCPU, 2Gi: it asks for less than before")]
    public void A_shrink_fits_where_the_machine_runs_or_anywhere_when_it_is_stopped(string? node, string message)
    {
        var verdict = planner.Keep(node, new MachineSize(1, 2 * Gi));

        Assert.True(verdict.Fits);
        Assert.Equal(CapacityVerdict.Available, verdict.Reason);
        Assert.Equal(message, verdict.Message);
    }

    [Fact]
    public void Fits_on_the_node_with_room()
    {
        var verdict = planner.CheckFit(Fast, Nodes, Vmis, new MachineSize(6, 12 * Gi));
        Assert.True(verdict.Fits);
        Assert.Equal("CapacityAvailable", verdict.Reason);
        Assert.Equal("pool fast has room for 6 vCPU, 12Gi", verdict.Message);
        Assert.Equal("n1", verdict.Node);
    }

    [Fact]
    public void Machines_being_placed_take_their_room_first()
    {
        // n1 has 6 vCPU free and n2 6: one machine of 6 being placed takes n1's (the most free), another of 6 takes n2's.
        var usage = NodeUsage.Of(Vmis) with { Pending = [new(6m, 12 * Gi)] };
        var one = planner.CheckFit(Fast, Nodes, usage, new MachineSize(6, 12 * Gi));
        Assert.True(one.Fits, one.Message);
        Assert.Equal("n2", one.Node);
        Assert.Equal("pool fast has no room for 8 vCPU, 16Gi: largest free slot: 6 vCPU, 12Gi on n2; free in all: 6 vCPU, 12Gi on 2 nodes (after 1 machine being placed)",
            planner.CheckFit(Fast, Nodes, usage, new MachineSize(8, 16 * Gi)).Message);

        var two = planner.CheckFit(Fast, Nodes, usage with { Pending = [new(6m, 12 * Gi), new(4m, 8 * Gi)] }, new MachineSize(6, 12 * Gi));
        Assert.False(two.Fits);
        Assert.Equal("pool fast has no room for 6 vCPU, 12Gi: largest free slot: 2 vCPU, 4Gi on n2; free in all: 2 vCPU, 4Gi on 2 nodes (after 2 machines being placed)", two.Message);

        // One whose check chose a node counts there; a new machine's check names the node it chose.
        var chosen = planner.CheckFit(Fast, Nodes, NodeUsage.Of(Vmis) with { PendingByNode = new Dictionary<string, (decimal, decimal, int)> { ["n1"] = (6m, 12 * Gi, 1) } }, new MachineSize(6, 12 * Gi));
        Assert.Equal("n2", chosen.Node);

        // One with no node chosen takes room only where its VM's node selector lets the scheduler put it: not in another pool.
        PendingMachine InPool(string pool) => new(6m, 12 * Gi, new Dictionary<string, string> { ["pool"] = pool });
        Assert.True(planner.CheckFit(Fast, Nodes, NodeUsage.Of(Vmis) with { Pending = [InPool("general"), InPool("general")] }, new MachineSize(6, 12 * Gi)).Fits);
        Assert.False(planner.CheckFit(Fast, Nodes, NodeUsage.Of(Vmis) with { Pending = [InPool("fast"), InPool("fast")] }, new MachineSize(6, 12 * Gi)).Fits);

        // The scheduler put another machine where this one's check chose (n2 is full with what landed): the room set aside
        // beyond n2's allocatable is taken elsewhere, so n1 no longer looks free for a machine of that size.
        var swapped = NodeUsage.Of([Vmi("x", "n2", 8, "16Gi")]) with { PendingByNode = new Dictionary<string, (decimal, decimal, int)> { ["n2"] = (8m, 16 * Gi, 1) } };
        Assert.True(planner.CheckFit(Fast, Nodes, swapped, new MachineSize(8, 16 * Gi)).Fits);
        Assert.Equal("pool fast has no room for 10 vCPU, 16Gi: largest free slot: 8 vCPU, 16Gi on n1; free in all: 8 vCPU, 16Gi on 2 nodes (after 1 machine being placed)",
            planner.CheckFit(Fast, Nodes, swapped, new MachineSize(10, 16 * Gi)).Message);
        var twoNodes = new[] { Node("n1", "8", "16Gi"), Node("n2", "8", "16Gi") };
        Assert.Equal("pool fast has no room for 8 vCPU, 16Gi: largest free slot: 0 vCPU, 0Gi on n1; free in all: 0 vCPU, 0Gi on 2 nodes (after 1 machine being placed)",
            planner.CheckFit(Fast, twoNodes, swapped, new MachineSize(8, 16 * Gi)).Message);

        // One that fits nowhere takes nothing (the scheduler cannot place it either).
        var huge = planner.CheckFit(Fast, Nodes, usage with { Pending = [new(64m, 64 * Gi)] }, new MachineSize(6, 12 * Gi));
        Assert.True(huge.Fits);
        Assert.Equal("n1", huge.Node);
        Assert.Equal("pool fast has no room for 8 vCPU, 16Gi: largest free slot: 6 vCPU, 12Gi on n1; free in all: 12 vCPU, 24Gi on 2 nodes",
            planner.CheckFit(Fast, Nodes, usage with { Pending = [new(64m, 64 * Gi)] }, new MachineSize(8, 16 * Gi)).Message);
    }

    [Fact]
    public void Does_not_fit_names_the_largest_free_slot_and_the_totals()
    {
        var verdict = planner.CheckFit(Fast, Nodes, Vmis, new MachineSize(8, 16 * Gi));
        Assert.False(verdict.Fits);
        Assert.Equal("InsufficientCapacity", verdict.Reason);
        Assert.Equal("pool fast has no room for 8 vCPU, 16Gi: largest free slot: 6 vCPU, 12Gi on n1; free in all: 12 vCPU, 24Gi on 2 nodes", verdict.Message);
    }

    [Fact]
    public void No_schedulable_nodes_names_the_selector()
    {
        var verdict = planner.CheckFit(Fast, [Node("n3", "64", "256Gi", ready: false)], [], new MachineSize(1, Gi));
        Assert.Equal((false, "NoSchedulableNodes", "pool fast has no ready, schedulable nodes matching pool=fast"), (verdict.Fits, verdict.Reason, verdict.Message));
    }

    [Fact]
    public void Growing_counts_only_the_delta_on_its_node()
    {
        // a: 8 vCPU/16Gi on n1, which has 6 vCPU/12Gi free: growing a to 14/28Gi needs +6/+12Gi there.
        Assert.True(planner.CheckFit(Fast, Nodes, Vmis, new MachineSize(14, 28 * Gi), new MachineKey("team-a", "a")).Fits);
        var refused = planner.CheckFit(Fast, Nodes, Vmis, new MachineSize(16, 34 * Gi), new MachineKey("team-a", "a"));
        Assert.False(refused.Fits);
        Assert.StartsWith("pool fast has no room to grow the machine to 16 vCPU, 34Gi: node n1 has 6 vCPU, 12Gi free beyond the machine's 8 vCPU, 16Gi", refused.Message, StringComparison.Ordinal);
        // The same size as a new machine would not fit anywhere.
        Assert.False(planner.CheckFit(Fast, Nodes, Vmis, new MachineSize(14, 28 * Gi)).Fits);
    }

    [Fact]
    public void Pool_totals_count_ready_schedulable_nodes_and_placed_instances()
    {
        var capacity = planner.Measure(Fast, Nodes, Vmis);
        Assert.Equal("fast", capacity.Name);
        Assert.Equal(2, capacity.Nodes);
        Assert.Equal(new ResourceUsage { Total = "24", Allocated = "12", Free = "12" }, capacity.Cpu);
        Assert.Equal(new ResourceUsage { Total = "48Gi", Allocated = "24Gi", Free = "24Gi" }, capacity.Memory);
        Assert.Equal(new FreeSlot { Cpu = 6, Memory = "12Gi", NodeName = "n1" }, capacity.LargestFreeSlot);
    }

    [Fact]
    public void Explicit_requests_win_over_the_topology()
    {
        var vmi = Vmi("x", "n2", 4, "8Gi");
        vmi.Spec.Domain.Resources = new DomainResources { Requests = new Dictionary<string, Quantity> { ["cpu"] = "500m", ["memory"] = "1Gi" } };
        Assert.Equal((0.5m, Gi), CapacityPlanner.Requests(vmi));
    }

    [Fact]
    public void Quota_refuses_with_the_quota_and_the_current_use()
    {
        var limits = new NamespaceQuotaLimits { MaxCpu = 32, MaxMemory = "64Gi", MaxStorage = "500Gi", MaxMachines = 9 };
        var others = Enumerable.Repeat(new MachineUsage(4, 8 * Gi, 50 * Gi), 8).ToArray();
        var verdict = planner.CheckQuota("team-a", limits, others, new MachineUsage(4, 8 * Gi, 120 * Gi));
        Assert.Equal((false, "QuotaExceeded"), (verdict.Fits, verdict.Reason));
        Assert.Equal(
            "namespace team-a would use 36 of 32 vCPU (now 32 in 8 machines); namespace team-a would use 72Gi of 64Gi memory (now 64Gi in 8 machines); namespace team-a would use 520Gi of 500Gi storage (now 400Gi in 8 machines)",
            verdict.Message);

        var count = planner.CheckQuota("team-a", new NamespaceQuotaLimits { MaxMachines = 8 }, others, new MachineUsage(1, Gi, 0));
        Assert.Equal("namespace team-a would have 9 of 8 machines", count.Message);
        Assert.True(planner.CheckQuota("team-a", null, others, new MachineUsage(64, 512 * Gi, 0)).Fits);
    }

    [Fact]
    public void Quota_for_a_growing_machine_counts_its_delta_and_never_refuses_what_does_not_grow()
    {
        var limits = new NamespaceQuotaLimits { MaxCpu = 32, MaxMemory = "64Gi" };
        var others = Enumerable.Repeat(new MachineUsage(4, 8 * Gi, 0), 7).ToArray();
        var current = new MachineUsage(4, 8 * Gi, 0);
        var grow = planner.CheckQuota("team-a", limits, others, new MachineUsage(8, 8 * Gi, 0), current);
        Assert.Equal("namespace team-a would use 36 of 32 vCPU (now 32 in 8 machines)", grow.Message);
        Assert.True(planner.CheckQuota("team-a", limits, others, new MachineUsage(4, 8 * Gi, 0), current).Fits);

        // Over a lowered quota already: shrinking or staying is fine.
        var lowered = new NamespaceQuotaLimits { MaxCpu = 16 };
        Assert.True(planner.CheckQuota("team-a", lowered, others, new MachineUsage(2, 8 * Gi, 0), current).Fits);
    }
}
