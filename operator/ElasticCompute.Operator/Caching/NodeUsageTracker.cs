using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Runtime.Informers;

namespace ElasticCompute.Operator.Caching;

/// <summary>
/// Per-node usage kept up to date from the VMI informer's events, so a capacity check (every reconcile that
/// creates or grows a VM, every admission review) costs the number of nodes, not the number of VMIs.
/// </summary>
internal sealed class NodeUsageTracker : IResourceHandler<VirtualMachineInstance>
{
    private readonly Lock gate = new();
    // Keyed by the VMI's own namespace and name strings: no key string per VMI.
    private readonly Dictionary<(string? Namespace, string Name), NodePlacement> placements = [];
    private readonly Dictionary<string, (decimal Cpu, decimal Memory)> byNode = new(StringComparer.Ordinal);

    public void OnAdd(VirtualMachineInstance obj) => Set(obj);

    public void OnUpdate(VirtualMachineInstance oldObj, VirtualMachineInstance newObj) => Set(newObj);

    public void OnDelete(VirtualMachineInstance obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        lock (gate)
        {
            Remove(Key(obj));
        }
    }

    /// <summary>A consistent copy: the per-node sums and the growing machine's own placement.</summary>
    public NodeUsage Snapshot(MachineKey? self = null)
    {
        lock (gate)
        {
            var own = self is null ? null : placements.GetValueOrDefault((self.Namespace, self.Name));
            return new NodeUsage(new Dictionary<string, (decimal Cpu, decimal Memory)>(byNode, StringComparer.Ordinal), own);
        }
    }

    private void Set(VirtualMachineInstance vmi)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        var key = Key(vmi);
        var placement = NodePlacement.Of(vmi);
        lock (gate)
        {
            Remove(key);
            if (placement is not null)
            {
                placements[key] = placement;
                Add(placement.Node, placement.Cpu, placement.Memory);
            }
        }
    }

    private static (string? Namespace, string Name) Key(VirtualMachineInstance vmi) =>
        (string.IsNullOrEmpty(vmi.Metadata?.NamespaceProperty) ? null : vmi.Metadata.NamespaceProperty, vmi.Metadata?.Name ?? string.Empty);

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
