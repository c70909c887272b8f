using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Recommendation;

namespace ElasticCompute.Api.Defaulting;

/// <remarks>
/// On create: runStrategy Always, the policy's default image, the pool's (else the policy's) storage class, reclaim
/// policy Retain, and the recommended disk size with its reason. On update, what the stored machine already has
/// is kept instead (an update that leaves out the size keeps the disk, it does not re-recommend one), and the
/// immutable image and storage class are never added to a machine created without them (the CRD's rules would
/// refuse that as a change).
/// </remarks>
internal sealed class MachineDefaulter(IStorageRecommender recommender) : IMachineDefaulter
{
    public MachineDefaults Defaults(ElasticMachine machine, ElasticMachine? current, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(policy);
        var spec = machine.Spec ?? new ElasticMachineSpec();
        var old = current?.Spec;
        var storage = spec.Storage;

        var runStrategy = spec.RunStrategy is null ? old?.RunStrategy ?? Machines.RunStrategy.Always : (RunStrategy?)null;

        MachineImage? image = null;
        if (spec.Image is null)
        {
            image = current is null ? policy.DefaultImage : old?.Image;
        }

        string? storageClass = null;
        if (storage?.StorageClassName is null)
        {
            storageClass = current is null
                ? (policy.TryGetPool(spec.Pool, out var pool) ? pool.StorageClassName : null) ?? policy.DefaultStorageClassName
                : old?.Storage?.StorageClassName;
        }

        var reclaim = storage?.ReclaimPolicy is null ? old?.Storage?.ReclaimPolicy ?? Machines.ReclaimPolicy.Retain : (ReclaimPolicy?)null;

        Quantity? size = null;
        string? reason = null;
        if (storage?.Size is null)
        {
            if (old?.Storage?.Size is { } kept)
            {
                size = kept;
            }
            else if (MachineSize.Of(spec, policy.InstanceTypes) is { } machineSize)
            {
                var recommendation = recommender.Recommend(machineSize, spec.Image ?? image ?? policy.DefaultImage, policy);
                (size, reason) = (recommendation.Size, recommendation.Reason);
            }
        }

        return new MachineDefaults(runStrategy, image, storageClass, reclaim, size, reason);
    }
}
