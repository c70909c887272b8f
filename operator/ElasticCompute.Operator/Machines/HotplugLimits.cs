using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// How far a running machine can grow without a restart: KubeVirt's maxSockets and maxGuest.
/// </summary>
/// <remarks>
/// The rule is KubeVirt's own default ratio (4x, its maxHotplugRatio), capped by the policy's largest cpu
/// size and largest memory, since a machine can never legally grow past those; never below the size itself.
/// Memory below 1Gi gets no maxGuest: KubeVirt supports memory hotplug only from 1Gi of guest memory.
/// </remarks>
/// <param name="MaxSockets">The most vCPUs (sockets of one core, one thread).</param>
/// <param name="MaxGuestBytes">The most memory, or null when memory cannot be hotplugged.</param>
internal sealed record HotplugLimits(int MaxSockets, decimal? MaxGuestBytes)
{
    public const int Ratio = 4;

    public static HotplugLimits For(MachineSize size, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(policy);
        var largestCpu = policy.CpuSizes.Count > 0 ? policy.CpuSizes.Max() : size.Cpu;
        var maxSockets = Math.Max(size.Cpu, Math.Min(size.Cpu * Ratio, largestCpu));
        decimal? maxGuest = size.MemoryBytes < Quantity.Gi
            ? null
            : Math.Max(size.MemoryBytes, Math.Min(size.MemoryBytes * Ratio, policy.MemoryMax));
        return new HotplugLimits(maxSockets, maxGuest);
    }

    /// <summary>The limits a VM was built with; null when it has none (an older or hand-made VM).</summary>
    public static HotplugLimits? Of(VirtualMachine vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var domain = vm.Spec.Template.Spec.Domain;
        if (domain.Cpu?.MaxSockets is not { } sockets)
        {
            return null;
        }

        decimal? guest = domain.Memory?.MaxGuest is { } q && q.TryGetValue(out var bytes) ? bytes : null;
        return new HotplugLimits(sockets, guest);
    }

    /// <summary>
    /// True when these limits can stay the VM's limits for <paramref name="size"/>: its cpu and memory are
    /// within them (memory without hotplug only while it stays below 1Gi, where none is possible anyway).
    /// Keeping them unchanged is what lets KubeVirt apply a resize live.
    /// </summary>
    public bool Holds(MachineSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        return size.Cpu <= MaxSockets && (MaxGuestBytes is { } max ? size.MemoryBytes <= max : size.MemoryBytes < Quantity.Gi);
    }
}
