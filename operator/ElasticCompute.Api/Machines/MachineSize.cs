using ElasticCompute.Api.InstanceTypes;

namespace ElasticCompute.Api.Machines;

/// <summary>A machine's effective size: vCPUs and memory in bytes.</summary>
public sealed record MachineSize(int Cpu, decimal MemoryBytes)
{
    /// <summary>
    /// The size a spec asks for, from cpu and memory or from its instance type; null when the spec
    /// is incomplete or names an unknown type (validation says which).
    /// </summary>
    public static MachineSize? Of(ElasticMachineSpec spec, InstanceTypeCatalog instanceTypes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(instanceTypes);
        if (spec.InstanceType is { } name)
        {
            return instanceTypes.TryGet(name, out var type) ? new MachineSize(type.Cpu, type.MemoryBytes) : null;
        }

        return spec.Cpu is { } cpu && spec.Memory is { } memory && memory.TryGetValue(out var bytes)
            ? new MachineSize(cpu, bytes)
            : null;
    }
}
