using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Recommendation;

/// <summary>A recommended disk size with the reason a person can read, and the range a chosen size must keep to.</summary>
/// <param name="SizeBytes">The recommended size.</param>
/// <param name="Reason">One line, for example "80Gi: 4Gi memory x 20 = 80Gi, a standard size".</param>
/// <param name="Limits">The smallest and largest sizes allowed for the image.</param>
public sealed record StorageRecommendation(decimal SizeBytes, string Reason, StorageLimits Limits)
{
    public Quantity Size => Quantity.FromBytes(SizeBytes);
}
