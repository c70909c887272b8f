using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Recommendation;

/// <summary>
/// Disk = memory x diskPerMemory, raised to the curve's floor and to the image's own minimum plus
/// headroom, rounded up to the next standard size (past the ladder: to a whole Gi), capped at the
/// curve's maximum. The image minimum wins over the cap: a disk the image cannot boot from helps no one.
/// </summary>
internal sealed class StorageRecommender : IStorageRecommender
{
    public StorageRecommendation Recommend(MachineSize size, MachineImage? image, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(policy);

        var (imageNeed, imageReason) = ImageNeed(image ?? policy.DefaultImage, policy);
        var fromMemory = size.MemoryBytes * policy.DiskPerMemory;
        var memoryText = $"{Format(size.MemoryBytes)} memory x {policy.DiskPerMemory} = {Format(fromMemory)}";

        string basis;
        decimal wanted;
        if (imageNeed > fromMemory && imageNeed > policy.DiskMinimum)
        {
            (wanted, basis) = (imageNeed, imageReason!);
        }
        else if (policy.DiskMinimum > fromMemory)
        {
            (wanted, basis) = (policy.DiskMinimum, $"{memoryText}, raised to the {Format(policy.DiskMinimum)} minimum");
        }
        else
        {
            (wanted, basis) = (fromMemory, memoryText);
        }

        var rounded = RoundUp(wanted, policy.StandardSizes);
        var recommended = rounded;
        string how;
        if (rounded > policy.DiskMaximum && policy.DiskMaximum >= imageNeed)
        {
            recommended = policy.DiskMaximum;
            how = $", capped at the {Format(policy.DiskMaximum)} maximum";
        }
        else if (rounded == wanted)
        {
            // Only a size that came from memory is worth calling standard; a floor already says what it is.
            how = wanted == fromMemory && policy.StandardSizes.Contains(rounded) ? ", a standard size" : string.Empty;
        }
        else
        {
            how = policy.StandardSizes.Contains(rounded) ? ", rounded up to the standard size" : ", rounded up to a whole Gi";
        }

        return new StorageRecommendation(recommended, $"{Format(recommended)}: {basis}{how}", LimitsFor(imageNeed, imageReason, policy));
    }

    public StorageLimits Limits(MachineImage? image, EffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (imageNeed, imageReason) = ImageNeed(image ?? policy.DefaultImage, policy);
        return LimitsFor(imageNeed, imageReason, policy);
    }

    private static StorageLimits LimitsFor(decimal imageNeed, string? imageReason, EffectivePolicy policy) =>
        new(Math.Max(imageNeed, Quantity.Gi), imageReason, Math.Max(policy.DiskMaximum, imageNeed));

    /// <summary>What the image needs, rounded up to a whole Gi, with the reason; zero when the image declares nothing.</summary>
    private static (decimal Need, string? Reason) ImageNeed(MachineImage image, EffectivePolicy policy)
    {
        if (image.DataSource is not { } dataSource)
        {
            return (0, null);
        }

        var slash = dataSource.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? dataSource : dataSource[(slash + 1)..];
        var inImageNamespace = slash < 0 || dataSource[..slash] == policy.ImageNamespace;
        if (!inImageNamespace || !policy.ImageMinimums.TryGetValue(name, out var minimum))
        {
            return (0, null);
        }

        var withHeadroom = minimum * (100 + policy.ImageHeadroomPercent) / 100;
        var need = Math.Ceiling(withHeadroom / Quantity.Gi) * Quantity.Gi;
        var reason = policy.ImageHeadroomPercent == 0
            ? $"image {name} needs {Format(minimum)}"
            : $"image {name} needs {Format(minimum)} + {policy.ImageHeadroomPercent}% headroom = {QuantityFormatter.FormatApproximate(withHeadroom)}";
        return (need, reason);
    }

    private static decimal RoundUp(decimal bytes, IReadOnlyList<decimal> ladder)
    {
        foreach (var rung in ladder)
        {
            if (rung >= bytes)
            {
                return rung;
            }
        }

        return Math.Ceiling(bytes / Quantity.Gi) * Quantity.Gi;
    }

    private static string Format(decimal bytes) => QuantityFormatter.FormatApproximate(bytes);
}
