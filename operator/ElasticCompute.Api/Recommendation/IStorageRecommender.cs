using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;

namespace ElasticCompute.Api.Recommendation;

/// <summary>Recommends a boot disk size for a machine size and image. Pure and deterministic.</summary>
public interface IStorageRecommender
{
    /// <param name="size">The machine's vCPUs and memory.</param>
    /// <param name="image">The machine's image; null means the policy's default image.</param>
    /// <param name="policy">The effective platform policy.</param>
    StorageRecommendation Recommend(MachineSize size, MachineImage? image, EffectivePolicy policy);

    /// <summary>The smallest and largest disk allowed for an image, whatever the machine's size.</summary>
    StorageLimits Limits(MachineImage? image, EffectivePolicy policy);
}
