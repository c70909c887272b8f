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

    /// <summary>Readable form for messages: exact when it can be, else Gi (or Mi below 1Gi) with one decimal.</summary>
    public static string FormatApproximate(decimal bytes)
    {
        var exact = Format(bytes);
        if (!char.IsDigit(exact[^1]) || bytes == 0)
        {
            return exact;
        }

        return Math.Abs(bytes) >= Quantity.Gi
            ? decimal.Round(bytes / Quantity.Gi, 1).ToString(CultureInfo.InvariantCulture) + "Gi"
            : decimal.Round(bytes / Quantity.Mi, 1).ToString(CultureInfo.InvariantCulture) + "Mi";
    }
}
