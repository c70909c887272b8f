using ElasticCompute.Api.InstanceTypes;
using ElasticCompute.Api.Machines;

namespace ElasticCompute.Operator.Machines;

/// <summary>What one machine counts against its namespace's quota.</summary>
internal sealed record MachineUsage(int Cpu, decimal MemoryBytes, decimal DiskBytes)
{
    /// <summary>
    /// A machine's size from its spec, and its disk from status.disk (the size in effect), else
    /// spec.storage.size, else nothing; null when the spec names no size that can be resolved.
    /// </summary>
    public static MachineUsage? Of(ElasticMachine machine, InstanceTypeCatalog instanceTypes)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (MachineSize.Of(machine.Spec, instanceTypes) is not { } size)
        {
            return null;
        }

        var disk = machine.Status?.Disk?.Size ?? machine.Spec.Storage?.Size;
        return new MachineUsage(size.Cpu, size.MemoryBytes, disk is { } d && d.TryGetValue(out var bytes) ? bytes : 0);
    }
}
