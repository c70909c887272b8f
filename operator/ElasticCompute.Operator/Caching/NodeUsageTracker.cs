using ElasticCompute.Api.Machines;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Runtime.Informers;

namespace ElasticCompute.Operator.Caching;

/// <summary>
/// Per-node usage kept up to date from the VMI informer's events, so a capacity check (every reconcile that
/// creates or grows a VM, every admission review) costs the number of nodes, not the number of VMIs. Also the
/// machines placed but not on a node yet, from the VM informer's events and from <see cref="TryPlace"/>: without
/// them, machines created together would each see the same free room and all be placed, and the ones the
/// scheduler then cannot fit would sit Pending instead of waiting for capacity with a message.
/// </summary>
internal sealed class NodeUsageTracker(ICache<VirtualMachine>? virtualMachines = null) : IResourceHandler<VirtualMachineInstance>, IResourceHandler<VirtualMachine>
{
    private readonly Lock gate = new();
    // Keyed by the VMI's own namespace and name strings: no key string per VMI.
    private readonly Dictionary<(string? Namespace, string Name), NodePlacement> placements = [];
    private readonly Dictionary<string, (decimal Cpu, decimal Memory)> byNode = new(StringComparer.Ordinal);
    // VMs that should run and have no placed VMI, and machines being placed, with the node their check chose (summed by
    // node, so a check costs the number of nodes however many wait); and those with no node chosen, few but after a restart.
    private readonly Dictionary<(string? Namespace, string Name), (decimal Cpu, decimal Memory, string Node)> chosen = [];
    private readonly Dictionary<string, (decimal Cpu, decimal Memory, int Count)> chosenByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Namespace, string Name), PendingMachine> unchosen = [];

    /// <summary>
    /// Raised, outside the lock, when a VM's own event gives back room set aside for it (it was halted or deleted, or made
    /// halted). A VMI's event wakes machines waiting for room, but the VMI of a halted VM may go before the VM's change
    /// shows, and then its room is only given back here.
    /// </summary>
    public event Action? RoomReleased;

    public void OnAdd(VirtualMachineInstance obj) => Set(obj);

    public void OnUpdate(VirtualMachineInstance oldObj, VirtualMachineInstance newObj) => Set(newObj);

    public void OnDelete(VirtualMachineInstance obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var key = Key(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name);
        var vm = FindVm(key);
        lock (gate)
        {
            Remove(key);
            if (vm is not null)
            {
                SetPending(key, Wanted(vm));
            }
        }
    }

    public void OnAdd(VirtualMachine obj) => SetVm(obj);

    public void OnUpdate(VirtualMachine oldObj, VirtualMachine newObj) => SetVm(newObj);

    public void OnDelete(VirtualMachine obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        bool released;
        lock (gate)
        {
            released = SetPending(Key(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name), null);
        }

        if (released)
        {
            RoomReleased?.Invoke();
        }
    }

    /// <summary>A consistent copy: the per-node sums, the growing machine's own placement, and the pending ones but its own.</summary>
    public NodeUsage Snapshot(MachineKey? self = null)
    {
        lock (gate)
        {
            return SnapshotLocked(self);
        }
    }

    /// <summary>
    /// Checks whether a machine not yet placed fits (<paramref name="check"/> sees the usage without the machine) and, if
    /// it does, sets its room aside until its VM shows in the cache; one check at a time, so machines created together
    /// cannot all take the same room.
    /// </summary>
    public CapacityVerdict TryPlace(MachineKey machine, MachineSize size, Func<NodeUsage, CapacityVerdict> check)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(check);
        lock (gate)
        {
            var verdict = check(SnapshotLocked(machine));
            var key = Key(machine.Namespace, machine.Name);
            if (verdict.Fits && !placements.ContainsKey(key))
            {
                SetPending(key, new PendingMachine(size.Cpu, size.MemoryBytes), verdict.Node);
            }
            else if (!verdict.Fits)
            {
                SetPending(key, null);
            }

            return verdict;
        }
    }

    /// <summary>Gives back the room of a machine that was being placed (it was deleted before its VM was made).</summary>
    public void Release(MachineKey machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var key = Key(machine.Namespace, machine.Name);
        if (virtualMachines?.Find(machine.Namespace, machine.Name) is null)
        {
            lock (gate)
            {
                SetPending(key, null);
            }
        }
    }

    private NodeUsage SnapshotLocked(MachineKey? self)
    {
        var selfKey = self is null ? default : Key(self.Namespace, self.Name);
        var own = self is null ? null : placements.GetValueOrDefault(selfKey);
        var byChosenNode = new Dictionary<string, (decimal Cpu, decimal Memory, int Count)>(chosenByNode, StringComparer.Ordinal);
        if (self is not null && chosen.TryGetValue(selfKey, out var mine))
        {
            var sum = byChosenNode[mine.Node];
            byChosenNode[mine.Node] = (sum.Cpu - mine.Cpu, sum.Memory - mine.Memory, sum.Count - 1);
        }

        var others = unchosen.Where(p => self is null || p.Key != selfKey).Select(p => p.Value).ToArray();
        return new NodeUsage(new Dictionary<string, (decimal Cpu, decimal Memory)>(byNode, StringComparer.Ordinal), own)
        {
            PendingByNode = byChosenNode,
            Pending = others,
        };
    }

    private void Set(VirtualMachineInstance vmi)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        var key = Key(vmi.Metadata?.NamespaceProperty, vmi.Metadata?.Name);
        var placement = NodePlacement.Of(vmi);
        var vm = placement is null ? FindVm(key) : null;
        lock (gate)
        {
            Remove(key);
            if (placement is not null)
            {
                placements[key] = placement;
                Add(placement.Node, placement.Cpu, placement.Memory);
                SetPending(key, null);
            }
            else if (vm is not null)
            {
                SetPending(key, Wanted(vm));
            }

            // A VMI seen before its VM (two watches, no order between them) leaves what the machine waits with alone:
            // the room its check set aside stays taken until the VM's own event says otherwise.
        }
    }

    private void SetVm(VirtualMachine vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var key = Key(vm.Metadata?.NamespaceProperty, vm.Metadata?.Name);
        var wanted = Wanted(vm);
        bool released;
        lock (gate)
        {
            released = SetPending(key, placements.ContainsKey(key) ? null : wanted);
        }

        if (released)
        {
            RoomReleased?.Invoke();
        }
    }

    /// <summary>
    /// Sets what a machine not on a node waits with (null: nothing); one placed by this operator keeps the node its check
    /// chose. True when room set aside was given back.
    /// </summary>
    private bool SetPending((string? Namespace, string Name) key, PendingMachine? wanted, string? node = null)
    {
        node ??= chosen.TryGetValue(key, out var previous) ? previous.Node : null;
        var had = unchosen.Remove(key);
        if (had && unchosen.Count == 0)
        {
            unchosen.TrimExcess(); // a burst of creates is over: its peak's storage goes
        }

        if (chosen.Remove(key, out var old))
        {
            had = true;
            if (chosen.Count == 0)
            {
                chosen.TrimExcess();
            }

            var sum = chosenByNode[old.Node];
            sum = (sum.Cpu - old.Cpu, sum.Memory - old.Memory, sum.Count - 1);
            if (sum.Count == 0)
            {
                chosenByNode.Remove(old.Node);
            }
            else
            {
                chosenByNode[old.Node] = sum;
            }
        }

        if (wanted is not { } room)
        {
            return had;
        }

        if (node is null)
        {
            unchosen[key] = room;
            return false;
        }

        chosen[key] = (room.Cpu, room.Memory, node);
        var total = chosenByNode.GetValueOrDefault(node);
        chosenByNode[node] = (total.Cpu + room.Cpu, total.Memory + room.Memory, total.Count + 1);
        return false;
    }

    /// <summary>The VM of a VMI without a node, read from the VM cache before the lock is taken.</summary>
    private VirtualMachine? FindVm((string? Namespace, string Name) key) => virtualMachines?.Find(key.Namespace, key.Name);

    /// <summary>A VM that should run, with what it asks of a node and where it may go; null for one that should not.</summary>
    private static PendingMachine? Wanted(VirtualMachine vm)
    {
        if (vm.Spec?.RunStrategy is not (RunStrategies.Always or RunStrategies.RerunOnFailure or RunStrategies.Once) || vm.Metadata?.DeletionTimestamp is not null)
        {
            return null;
        }

        var domain = vm.Spec.Template?.Spec?.Domain;
        var memory = domain?.Memory?.Guest is { } guest && guest.TryGetValue(out var bytes) ? bytes : 0;
        return new PendingMachine(domain?.Cpu?.VirtualCpus ?? 1, memory, vm.Spec.Template?.Spec?.NodeSelector);
    }

    private static (string? Namespace, string Name) Key(string? ns, string? name) => (string.IsNullOrEmpty(ns) ? null : ns, name ?? string.Empty);

    private void Remove((string? Namespace, string Name) key)
    {
        if (placements.Remove(key, out var old))
        {
            Add(old.Node, -old.Cpu, -old.Memory);
            if (byNode[old.Node] == (0, 0))
            {
                byNode.Remove(old.Node);
            }
        }
    }

    private void Add(string node, decimal cpu, decimal memory)
    {
        var sum = byNode.GetValueOrDefault(node);
        byNode[node] = (sum.Cpu + cpu, sum.Memory + memory);
    }
}
