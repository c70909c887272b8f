using ElasticCompute.Api.Machines;
using ElasticCompute.Operator.KubeVirt;

namespace ElasticCompute.Operator.Machines;

/// <summary>What the reconciler saw of one machine: any of its objects may be missing.</summary>
internal sealed record MachineObservation
{
    public required ElasticMachine Machine { get; init; }

    public DataVolume? DataVolume { get; init; }

    public VirtualMachine? VirtualMachine { get; init; }

    public VirtualMachineInstance? Instance { get; init; }

    /// <summary>This pass's capacity verdict; null when none was needed (the previous condition is kept).</summary>
    public CapacityVerdict? Capacity { get; init; }

    /// <summary>The disk as planned (<see cref="DiskPlan.Disk"/>); null keeps the previous status.disk.</summary>
    public DiskStatus? Disk { get; init; }

    /// <summary>The machine's resolved size; null when it cannot be resolved.</summary>
    public MachineSize? Size { get; init; }

    /// <summary>Why the machine's disk name is held by a DataVolume it cannot use, or null.</summary>
    public string? DiskConflict { get; init; }

    /// <summary>What the API server answered when this pass wrote the machine's disk, key or VM and was refused, or null.</summary>
    public string? ApplyError { get; init; }

    /// <summary>Why a change waits for a restart (cpu or memory beyond the hotplug limits), or null.</summary>
    public string? RestartRequiredMessage { get; init; }
}
