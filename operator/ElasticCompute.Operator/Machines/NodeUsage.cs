using ElasticCompute.Operator.KubeVirt;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// What placed VMIs take from each node (cpu, memory bytes), and, when a machine is growing, its own VMI's
/// placement: the capacity planner's input, either summed from a list or kept up to date by
/// <see cref="Caching.NodeUsageTracker"/>.
/// </summary>
internal sealed record NodeUsage(IReadOnlyDictionary<string, (decimal Cpu, decimal Memory)> ByNode, NodePlacement? Own)
{
    /// <summary>
    /// What machines placed by this operator but not on a node yet will take, by the node their check chose (where the
    /// scheduler would try first): the planner counts it there as if it had landed. Count is how many machines.
    /// </summary>
    public IReadOnlyDictionary<string, (decimal Cpu, decimal Memory, int Count)> PendingByNode { get; init; } =
        new Dictionary<string, (decimal Cpu, decimal Memory, int Count)>(StringComparer.Ordinal);

    /// <summary>
    /// Machines not on a node yet with no node chosen (a VM seen waiting for its VMI, as after a restart): the scheduler
    /// will put them somewhere, so the planner sets their room aside first. Few outside a restart of the operator.
    /// </summary>
    public IReadOnlyList<PendingMachine> Pending { get; init; } = [];

    public static NodeUsage Of(IEnumerable<VirtualMachineInstance> instances, MachineKey? self = null)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var used = new Dictionary<string, (decimal Cpu, decimal Memory)>(StringComparer.Ordinal);
        NodePlacement? own = null;
        foreach (var vmi in instances)
        {
            if (NodePlacement.Of(vmi) is not { } placement)
            {
                continue;
            }

            if (own is null && self is not null && vmi.Metadata.NamespaceProperty == self.Namespace && vmi.Metadata.Name == self.Name)
            {
                own = placement;
            }

            var sum = used.GetValueOrDefault(placement.Node);
            used[placement.Node] = (sum.Cpu + placement.Cpu, sum.Memory + placement.Memory);
        }

        return new NodeUsage(used, own);
    }

    /// <summary>What a node has taken, leaving out the growing machine's own VMI.</summary>
    public (decimal Cpu, decimal Memory) UsedByOthers(string node)
    {
        var used = ByNode.GetValueOrDefault(node);
        return Own is { } own && own.Node == node ? (used.Cpu - own.Cpu, used.Memory - own.Memory) : used;
    }
}
