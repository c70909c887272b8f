using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Recommendation;

namespace ElasticCompute.Api.Defaulting;

/// <summary>The fields to fill in: each non-null member is absent from the machine and takes this value.</summary>
/// <param name="RunStrategy">spec.runStrategy.</param>
/// <param name="Image">spec.image.</param>
/// <param name="StorageClassName">spec.storage.storageClassName.</param>
/// <param name="ReclaimPolicy">spec.storage.reclaimPolicy.</param>
/// <param name="Size">spec.storage.size.</param>
/// <param name="Recommendation">Why <paramref name="Size"/>, when it is a fresh recommendation (not the stored size kept).</param>
public sealed record MachineDefaults(
    RunStrategy? RunStrategy,
    MachineImage? Image,
    string? StorageClassName,
    ReclaimPolicy? ReclaimPolicy,
    Quantity? Size,
    string? Recommendation)
{
    public bool IsEmpty => RunStrategy is null && Image is null && StorageClassName is null && ReclaimPolicy is null && Size is null;
}
