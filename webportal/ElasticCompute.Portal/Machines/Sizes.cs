using System.Globalization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Portal.Machines;

/// <summary>Sizes as people read them ("4 GiB", "1.5 GiB", "512 MiB") and as forms carry them (GiB as a number).</summary>
internal static class Sizes
{
    public static string Bytes(decimal bytes) =>
        bytes >= Quantity.Ti ? $"{(bytes / Quantity.Ti).ToString("0.##", CultureInfo.InvariantCulture)} TiB"
        : bytes >= Quantity.Gi ? $"{(bytes / Quantity.Gi).ToString("0.##", CultureInfo.InvariantCulture)} GiB"
        : $"{(bytes / Quantity.Mi).ToString("0.##", CultureInfo.InvariantCulture)} MiB";

    public static string Of(Quantity? quantity) =>
        quantity is { } q && q.TryGetValue(out var bytes) ? Bytes(bytes) : "–";

    /// <summary>GiB for a number field ("4", "1.5").</summary>
    public static string Gi(decimal bytes) => (bytes / Quantity.Gi).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A number of GiB as a quantity: "4Gi", or "1536Mi" when not whole; null when not a positive number.</summary>
    /// <remarks>
    /// No thousands separator: "1,5" (a decimal comma) is refused, not read as 15. The whole number of MiB is taken
    /// without the typed decimals, so "1.5" gives "1536Mi", not "1536.0Mi".
    /// </remarks>
    public static Quantity? FromGi(string? text)
    {
        const NumberStyles plain = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowDecimalPoint;
        if (!decimal.TryParse(text, plain, CultureInfo.InvariantCulture, out var gi) || gi <= 0 || gi > 1_000_000)
        {
            return null;
        }

        var mi = gi * 1024;
        return mi == decimal.Truncate(mi) ? Quantity.FromBytes(decimal.Truncate(mi) * Quantity.Mi) : new Quantity(gi.ToString(CultureInfo.InvariantCulture) + "Gi");
    }
}
