using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;

namespace ElasticCompute.Operator.Machines;

/// <summary>Builds the desired CDI DataVolume of an ElasticMachine's boot disk. Pure: no I/O.</summary>
internal interface IDataVolumeBuilder
{
    /// <param name="machine">The machine; it owns the DataVolume (not the VM, so a VM can be recreated without touching the data).</param>
    /// <param name="policy">The effective policy: default image, image namespace, pool and default storage classes, disk curve.</param>
    /// <param name="size">The machine's resolved size, for the recommendation.</param>
    /// <param name="pinned">
    /// The machine's status.disk once its disk exists: its size wins over a new recommendation (a later
    /// policy change never resizes a disk) and its storage class over the pool's and the policy's; a
    /// spec.storage.size still wins over it (a disk grows when the user asks).
    /// </param>
    DiskPlan Build(ElasticMachine machine, EffectivePolicy policy, MachineSize size, DiskStatus? pinned = null);
}
