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
    /// What machines placed but not yet on a node will take (a VM that should run and has no VMI on a node yet, or one
    /// being created): the scheduler will put them somewhere, so the planner sets their room aside first.
    /// </summary>
    public IReadOnlyList<(decimal Cpu, decimal Memory)> Pending { get; init; } = [];

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
