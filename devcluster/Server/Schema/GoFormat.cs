using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>Go's fmt verbs as the API server's messages use them: %v for limits, %q for strings.</summary>
internal static class GoFormat
{
    /// <summary>%v of a float64: 1 for 1.0, 0.5, 1e+21.</summary>
    public static string Number(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e21)
        {
            return value.ToString("F0", CultureInfo.InvariantCulture);
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        // Go writes at least two exponent digits: 1e-05, 1e+21.
        var sign = text[e + 1] is '-' or '+' ? text[e + 1] : '+';
        var digits = text[(e + (text[e + 1] is '-' or '+' ? 2 : 1))..].PadLeft(2, '0');
        return string.Concat(text.AsSpan(0, e), "e", sign.ToString(), digits);
    }

    /// <summary>%q of a string (JSON quoting, which matches Go's for printable text).</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, QuoteOptions);

    public static JsonValue String(string value) => JsonValue.Create(value);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
