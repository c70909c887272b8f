namespace ElasticCompute.Api.Recommendation;

/// <summary>The range a disk size must keep to for an image.</summary>
/// <param name="MinimumBytes">What the image needs with headroom (rounded up to a whole Gi), else 1Gi.</param>
/// <param name="MinimumReason">Why, for example "image ubuntu-24.04 needs 10Gi + 20% headroom = 12Gi"; null when no image minimum applies.</param>
/// <param name="MaximumBytes">The curve's cap (or the image's need, when that is larger).</param>
public sealed record StorageLimits(decimal MinimumBytes, string? MinimumReason, decimal MaximumBytes);
