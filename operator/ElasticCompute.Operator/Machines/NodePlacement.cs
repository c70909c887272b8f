using ElasticCompute.Operator.KubeVirt;

namespace ElasticCompute.Operator.Machines;

/// <summary>A VMI's node and what it takes there, as the scheduler counts it.</summary>
internal sealed record NodePlacement(string Node, decimal Cpu, decimal Memory)
{
    /// <summary>Null when the VMI holds nothing: not on a node yet, or Succeeded or Failed.</summary>
    public static NodePlacement? Of(VirtualMachineInstance vmi)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        if (vmi.Status?.NodeName is not { Length: > 0 } node || VmiPhases.IsFinal(vmi.Status.Phase))
        {
            return null;
        }

        var (cpu, memory) = CapacityPlanner.Requests(vmi);
        return new NodePlacement(node, cpu, memory);
    }
}
