using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;

namespace ElasticCompute.Portal.Machines;

/// <summary>What a tenant's machines take: vCPUs, memory and disk (a machine being deleted still counts until it is gone).</summary>
internal sealed record TenantUsage(int Machines, int Cpu, decimal MemoryBytes, decimal StorageBytes)
{
    public static TenantUsage Of(IEnumerable<ElasticMachine> machines, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(machines);
        ArgumentNullException.ThrowIfNull(policy);
        var (count, cpu, memory, storage) = (0, 0, 0m, 0m);
        foreach (var machine in machines)
        {
            count++;
            var size = MachineSize.Of(machine.Spec, policy.InstanceTypes);
            cpu += machine.Status?.Cpu ?? size?.Cpu ?? 0;
            memory += (machine.Status?.Memory ?? machine.Spec.Memory) is { } m && m.TryGetValue(out var bytes) ? bytes : size?.MemoryBytes ?? 0;
            storage += (machine.Status?.Disk?.Size ?? machine.Spec.Storage?.Size) is { } d && d.TryGetValue(out var disk) ? disk : 0;
        }

        return new TenantUsage(count, cpu, memory, storage);
    }
}
