using System.Globalization;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <remarks>
/// The largest free slot is the node with the most free vCPUs, then the most free memory, then the first
/// name: the node the scheduler would try first. vCPUs are shown whole (a fraction of a core cannot hold a
/// vCPU); memory as readable Gi.
/// </remarks>
internal sealed class CapacityPlanner : ICapacityPlanner
{
    private sealed record NodeRoom(string Name, decimal AllocatableCpu, decimal AllocatableMemory, decimal UsedCpu, decimal UsedMemory)
    {
        /// <summary>Machines being placed whose room is counted here (in <see cref="UsedCpu"/> and <see cref="UsedMemory"/>).</summary>
        public int SetAside { get; init; }

        public IDictionary<string, string>? Labels { get; init; }

        public decimal FreeCpu => Math.Max(0, AllocatableCpu - UsedCpu);

        public decimal FreeMemory => Math.Max(0, AllocatableMemory - UsedMemory);

        public bool Holds(decimal cpu, decimal memory) => cpu <= FreeCpu && memory <= FreeMemory;
    }

    public PoolCapacity Measure(ResourcePool pool, IEnumerable<V1Node> nodes, NodeUsage usage)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var rooms = Rooms(pool, nodes, usage);
        var best = Best(rooms);
        return new PoolCapacity
        {
            Name = pool.Name,
            Nodes = rooms.Count,
            Cpu = Usage(rooms.Sum(r => r.AllocatableCpu), rooms.Sum(r => r.UsedCpu), rooms.Sum(r => r.FreeCpu), FormatCpu),
            Memory = Usage(rooms.Sum(r => r.AllocatableMemory), rooms.Sum(r => r.UsedMemory), rooms.Sum(r => r.FreeMemory), b => QuantityFormatter.Format(b)),
            LargestFreeSlot = best is null ? null : new FreeSlot
            {
                Cpu = WholeCpus(best.FreeCpu),
                Memory = Quantity.FromBytes(best.FreeMemory),
                NodeName = best.Name,
            },
        };
    }

    public CapacityVerdict CheckFit(ResourcePool pool, IEnumerable<V1Node> nodes, NodeUsage usage, MachineSize size)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(size);
        var rooms = SetAside(Rooms(pool, nodes, usage), usage);
        var wanted = $"{size.Cpu} vCPU, {Memory(size.MemoryBytes)}";

        if (usage.Own is { } own)
        {
            // Rooms leave the machine's own requests out, so its node holding the whole new size is the
            // same as holding the delta on top of what the machine already has there.
            var (ownCpu, ownMemory) = (own.Cpu, own.Memory);
            var node = own.Node;
            var home = rooms.FirstOrDefault(r => r.Name == node) ?? HomeRoom(nodes, usage, node);
            if (home is not null && home.Holds(size.Cpu, size.MemoryBytes))
            {
                return new CapacityVerdict(true, CapacityVerdict.Available,
                    $"node {node} has room to grow the machine to {wanted}");
            }

            if (rooms.FirstOrDefault(r => r.Name != node && r.Holds(size.Cpu, size.MemoryBytes)) is { } other)
            {
                return new CapacityVerdict(true, CapacityVerdict.Available,
                    $"node {node} has no room to grow the machine to {wanted}, node {other.Name} has room for it after a restart");
            }

            if (rooms.Count == 0 && home is null)
            {
                return NoNodes(pool);
            }

            var beyondCpu = home is null ? 0 : WholeCpus(Math.Max(0, home.FreeCpu - ownCpu));
            var beyondMemory = home is null ? 0 : Math.Max(0, home.FreeMemory - ownMemory);
            var others = rooms.Where(r => r.Name != node).ToList();
            return new CapacityVerdict(false, CapacityVerdict.InsufficientCapacity,
                $"pool {pool.Name} has no room to grow the machine to {wanted}: node {node} has {beyondCpu} vCPU, {Memory(beyondMemory)} free beyond the machine's {WholeCpus(ownCpu)} vCPU, {Memory(ownMemory)}; other nodes: {Summary(others)}");
        }

        if (rooms.Count == 0)
        {
            return NoNodes(pool);
        }

        var fit = rooms.Where(r => r.Holds(size.Cpu, size.MemoryBytes)).OrderByDescending(r => r.FreeCpu).ThenBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault();
        return fit is not null
            // What is free is named when a machine does not fit. A fit's message stays the same for machines of one size, so
            // thousands of placed machines share one condition instead of each keeping the free room seen at its placement.
            ? new CapacityVerdict(true, CapacityVerdict.Available, $"pool {pool.Name} has room for {wanted}") { Node = fit.Name }
            : new CapacityVerdict(false, CapacityVerdict.InsufficientCapacity, $"pool {pool.Name} has no room for {wanted}: {Summary(rooms)}");
    }

    public CapacityVerdict Keep(string? node, MachineSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var wanted = $"{size.Cpu} vCPU, {Memory(size.MemoryBytes)}";
        return new CapacityVerdict(true, CapacityVerdict.Available, node is null
            ? $"the machine needs no more room at {wanted}: it asks for less than before"
            : $"node {node} has room for the machine at {wanted}: it asks for less than before");
    }

    public CapacityVerdict CheckQuota(string @namespace, NamespaceQuotaLimits? quota, IReadOnlyCollection<MachineUsage> others, MachineUsage wanted, MachineUsage? current = null)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(wanted);
        if (quota is null)
        {
            return new CapacityVerdict(true, CapacityVerdict.Available, $"namespace {@namespace} has no quota");
        }

        var count = others.Count + (current is null ? 0 : 1);
        var machines = count == 1 ? "1 machine" : $"{count} machines";
        var refusals = new List<string>();

        var nowCpu = others.Sum(o => o.Cpu) + (current?.Cpu ?? 0);
        var nextCpu = nowCpu - (current?.Cpu ?? 0) + wanted.Cpu;
        if (quota.MaxCpu is { } maxCpu && nextCpu > nowCpu && nextCpu > maxCpu)
        {
            refusals.Add($"namespace {@namespace} would use {nextCpu} of {maxCpu} vCPU (now {nowCpu} in {machines})");
        }

        Check(quota.MaxMemory, others.Sum(o => o.MemoryBytes) + (current?.MemoryBytes ?? 0), current?.MemoryBytes ?? 0, wanted.MemoryBytes, "memory");
        Check(quota.MaxStorage, others.Sum(o => o.DiskBytes) + (current?.DiskBytes ?? 0), current?.DiskBytes ?? 0, wanted.DiskBytes, "storage");

        if (current is null && quota.MaxMachines is { } maxMachines && count + 1 > maxMachines)
        {
            refusals.Add($"namespace {@namespace} would have {count + 1} of {maxMachines} machines");
        }

        return refusals.Count == 0
            ? new CapacityVerdict(true, CapacityVerdict.Available, $"namespace {@namespace} is within its quota")
            : new CapacityVerdict(false, CapacityVerdict.QuotaExceeded, string.Join("; ", refusals));

        void Check(Quantity? limit, decimal now, decimal mine, decimal want, string what)
        {
            var next = now - mine + want;
            if (limit is { } l && l.TryGetValue(out var max) && next > now && next > max)
            {
                refusals.Add($"namespace {@namespace} would use {Memory(next)} of {Memory(max)} {what} (now {Memory(now)} in {machines})");
            }
        }
    }

    /// <summary>What a VMI takes from its node, as the scheduler counts it.</summary>
    internal static (decimal Cpu, decimal Memory) Requests(VirtualMachineInstance vmi)
    {
        if (vmi.NodeRequests is { } known)
        {
            return known;
        }

        var domain = vmi.Spec.Domain;
        var requests = domain.Resources?.Requests;
        var cpu = requests is not null && requests.TryGetValue("cpu", out var c) && c.TryGetValue(out var cv) ? cv : (domain.Cpu ?? new CpuTopology()).VirtualCpus;
        var memory = requests is not null && requests.TryGetValue("memory", out var m) && m.TryGetValue(out var mv)
            ? mv
            : domain.Memory?.Guest is { } g && g.TryGetValue(out var gv) ? gv : 0;
        return (cpu, memory);
    }

    /// <summary>
    /// Sets aside the room of machines placed but not on a node yet: on the node their own check chose, or, for those
    /// with none, where the scheduler would likely put them (the largest first, each on the node with the most free
    /// vCPUs that holds it and matches its VM's node selector, so a machine of another pool takes no room here).
    /// </summary>
    /// <remarks>
    /// The scheduler does not know which node a check chose: of two machines placed together, the second may land on the
    /// first one's node. That node then holds more than it can (what landed and what was set aside for the other), and the
    /// room the other will really take is on a node that looks free. The part set aside beyond a node's allocatable
    /// moves, as one piece, to the nodes with the most free room, so a third check does not take that room too.
    /// </remarks>
    private static List<NodeRoom> SetAside(List<NodeRoom> rooms, NodeUsage usage)
    {
        List<(decimal Cpu, decimal Memory)>? overflow = null;
        for (var i = 0; i < rooms.Count; i++)
        {
            if (usage.PendingByNode.TryGetValue(rooms[i].Name, out var chosen))
            {
                var room = rooms[i];
                var cpu = Math.Min(chosen.Cpu, Math.Max(0, room.UsedCpu + chosen.Cpu - room.AllocatableCpu));
                var memory = Math.Min(chosen.Memory, Math.Max(0, room.UsedMemory + chosen.Memory - room.AllocatableMemory));
                rooms[i] = room with { UsedCpu = room.UsedCpu + chosen.Cpu - cpu, UsedMemory = room.UsedMemory + chosen.Memory - memory, SetAside = chosen.Count };
                if (cpu > 0 || memory > 0)
                {
                    (overflow ??= []).Add((cpu, memory));
                }
            }
        }

        foreach (var (cpu, memory, selector) in usage.Pending.OrderByDescending(p => p.Cpu).ThenByDescending(p => p.Memory))
        {
            var best = -1;
            for (var i = 0; i < rooms.Count; i++)
            {
                if (rooms[i].Holds(cpu, memory) && Matches(rooms[i].Labels, selector) && (best < 0 || rooms[i].FreeCpu > rooms[best].FreeCpu))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                rooms[best] = rooms[best] with { UsedCpu = rooms[best].UsedCpu + cpu, UsedMemory = rooms[best].UsedMemory + memory, SetAside = rooms[best].SetAside + 1 };
            }
        }

        foreach (var (cpu, memory) in overflow ?? [])
        {
            Spread(rooms, cpu, memory);
        }

        return rooms;
    }

    /// <summary>Takes room from the nodes with the most free vCPUs first until the amount is set aside or nothing is free.</summary>
    private static void Spread(List<NodeRoom> rooms, decimal cpu, decimal memory)
    {
        foreach (var i in Enumerable.Range(0, rooms.Count).OrderByDescending(i => rooms[i].FreeCpu).ThenByDescending(i => rooms[i].FreeMemory).ToArray())
        {
            var takeCpu = Math.Min(cpu, rooms[i].FreeCpu);
            var takeMemory = Math.Min(memory, rooms[i].FreeMemory);
            rooms[i] = rooms[i] with { UsedCpu = rooms[i].UsedCpu + takeCpu, UsedMemory = rooms[i].UsedMemory + takeMemory };
            (cpu, memory) = (cpu - takeCpu, memory - takeMemory);
            if (cpu <= 0 && memory <= 0)
            {
                return;
            }
        }
    }

    private static List<NodeRoom> Rooms(ResourcePool pool, IEnumerable<V1Node> nodes, NodeUsage usage) =>
        nodes.Where(n => IsSchedulable(n) && Matches(n, pool.NodeSelector))
            .Select(n => Room(n, usage))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The node a growing machine runs on, even when it left the pool's schedulable set (cordoned): hotplug still happens there.</summary>
    private static NodeRoom? HomeRoom(IEnumerable<V1Node> nodes, NodeUsage usage, string node) =>
        nodes.FirstOrDefault(n => n.Metadata?.Name == node) is { } home ? Room(home, usage) : null;

    private static NodeRoom Room(V1Node node, NodeUsage usage)
    {
        var name = node.Metadata?.Name ?? string.Empty;
        var allocatable = node.Status?.Allocatable;
        var taken = usage.UsedByOthers(name);
        return new NodeRoom(name, Amount(allocatable, "cpu"), Amount(allocatable, "memory"), taken.Cpu, taken.Memory) { Labels = node.Metadata?.Labels };
    }

    private static decimal Amount(IDictionary<string, ResourceQuantity>? resources, string name) =>
        resources is not null && resources.TryGetValue(name, out var q) && q is not null ? q.ToDecimal() : 0;

    private static bool IsSchedulable(V1Node node) =>
        node.Spec?.Unschedulable != true
        && node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status == "True";

    private static bool Matches(V1Node node, IDictionary<string, string>? selector) => Matches(node.Metadata?.Labels, selector);

    private static bool Matches(IDictionary<string, string>? labels, IDictionary<string, string>? selector) =>
        selector is null || selector.All(kv => labels is not null && labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static NodeRoom? Best(IEnumerable<NodeRoom> rooms) =>
        rooms.OrderByDescending(r => WholeCpus(r.FreeCpu)).ThenByDescending(r => r.FreeMemory).ThenBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault();

    private static string Summary(IReadOnlyList<NodeRoom> rooms)
    {
        var best = Best(rooms);
        var slot = best is null ? "no free slot" : $"largest free slot: {FreeText(best)} on {best.Name}";
        var nodes = rooms.Count == 1 ? "1 node" : $"{rooms.Count} nodes";
        var cpu = WholeCpus(rooms.Sum(r => r.FreeCpu));
        var placing = rooms.Sum(r => r.SetAside) switch
        {
            0 => string.Empty,
            1 => " (after 1 machine being placed)",
            var n => $" (after {n} machines being placed)",
        };
        return $"{slot}; free in all: {cpu} vCPU, {Memory(rooms.Sum(r => r.FreeMemory))} on {nodes}{placing}";
    }

    private static string FreeText(NodeRoom? room) =>
        room is null ? "0 vCPU, 0Gi" : $"{WholeCpus(room.FreeCpu)} vCPU, {Memory(room.FreeMemory)}";

    private static CapacityVerdict NoNodes(ResourcePool pool)
    {
        var selector = pool.NodeSelector is { Count: > 0 } s
            ? " matching " + string.Join(",", s.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))
            : string.Empty;
        return new CapacityVerdict(false, CapacityVerdict.NoSchedulableNodes, $"pool {pool.Name} has no ready, schedulable nodes{selector}");
    }

    private static ResourceUsage Usage(decimal total, decimal allocated, decimal free, Func<decimal, string> format) =>
        new() { Total = format(total), Allocated = format(allocated), Free = format(free) };

    private static int WholeCpus(decimal cpu) => (int)Math.Floor(cpu);

    private static string FormatCpu(decimal cpu) =>
        cpu == Math.Floor(cpu)
            ? cpu.ToString("0", CultureInfo.InvariantCulture)
            : (cpu * 1000).ToString("0", CultureInfo.InvariantCulture) + "m";

    private static string Memory(decimal bytes) => bytes == 0 ? "0Gi" : QuantityFormatter.FormatApproximate(bytes);
}
