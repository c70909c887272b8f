using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// A Kubernetes resource quantity (<c>4Gi</c>, <c>1500m</c>, <c>1e3</c>) as an exact decimal: what CEL's
/// <c>quantity()</c> returns. Kept here so the server does not depend on the operator's API project.
/// </summary>
public sealed partial record Quantity(decimal Value, string Text)
{
    public int CompareTo(Quantity other) => Value.CompareTo(other.Value);

    public override string ToString() => Text;

    /// <summary>Parses with Kubernetes' quantity grammar; false for anything else (or a value beyond decimal's range).</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Quantity? quantity)
    {
        quantity = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var match = Grammar().Match(text);
        if (!match.Success)
        {
            return false;
        }

        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        try
        {
            var value = match.Groups["suffix"].Value switch
            {
                "" => number,
                "Ki" => number * 1024m,
                "Mi" => number * 1048576m,
                "Gi" => number * 1073741824m,
                "Ti" => number * 1099511627776m,
                "Pi" => number * 1125899906842624m,
                "Ei" => number * 1152921504606846976m,
                "n" => number / 1_000_000_000m,
                "u" => number / 1_000_000m,
                "m" => number / 1_000m,
                "k" => number * 1e3m,
                "M" => number * 1e6m,
                "G" => number * 1e9m,
                "T" => number * 1e12m,
                "P" => number * 1e15m,
                "E" => number * 1e18m,
                var exponent => Scale(number, int.Parse(exponent.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            };
            quantity = new Quantity(value, text);
            return true;
        }
        catch (Exception e) when (e is OverflowException or FormatException)
        {
            return false;
        }
    }

    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity) ? quantity : throw new FormatException($"quantities must match the regular expression '{GrammarText}'");

    private static decimal Scale(decimal number, int exponent)
    {
        if (exponent is > 28 or < -28)
        {
            throw new OverflowException("exponent out of range");
        }

        var factor = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            factor *= 10m;
        }

        return exponent >= 0 ? number * factor : number / factor;
    }

    // apimachinery's ErrFormatWrong text, which is what a failed quantity() reports.
    private const string GrammarText = @"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    // The apimachinery grammar, with the number and the suffix (binary, decimal SI or exponent) captured.
    [GeneratedRegex(@"^(?<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?<suffix>[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
