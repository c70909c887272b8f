using System.Globalization;

namespace ElasticCompute.Api.Quantities;

/// <summary>Formats byte counts the way people read them in Kubernetes: "4Gi", "512Mi", "76.8Gi".</summary>
public static class QuantityFormatter
{
    private static readonly (string Suffix, decimal Size)[] BinaryUnits =
    [
        ("Ei", 1m * (1L << 60)),
        ("Pi", 1m * (1L << 50)),
        ("Ti", Quantity.Ti),
        ("Gi", Quantity.Gi),
        ("Mi", Quantity.Mi),
        ("Ki", 1024m),
    ];

    /// <summary>Exact form: the largest binary unit that divides the value, else plain bytes.</summary>
    public static string Format(decimal bytes)
    {
        foreach (var (suffix, size) in BinaryUnits)
        {
            if (bytes != 0 && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return decimal.Round(bytes, 3).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Readable form for messages: whole Gi, else Gi with up to two decimals ("4.5Gi", "76.8Gi"); below 1Gi, in Mi.</summary>
    public static string FormatApproximate(decimal bytes)
    {
        if (bytes == 0)
        {
            return "0";
        }

        if (Math.Abs(bytes) >= Quantity.Gi)
        {
            return decimal.Round(bytes / Quantity.Gi, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture) + "Gi";
        }

        return decimal.Round(bytes / Quantity.Mi, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture) + "Mi";
    }
}
