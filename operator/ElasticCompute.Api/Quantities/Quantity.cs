using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace ElasticCompute.Api.Quantities;

/// <summary>
/// A Kubernetes resource quantity ("4Gi", "512Mi", "1.5Gi") kept as the text the user wrote.
/// </summary>
/// <remarks>
/// The client's <see cref="ResourceQuantity"/> throws while deserializing a malformed value, which
/// would lose the field path; this wrapper always deserializes and lets validation name the field.
/// </remarks>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly partial record struct Quantity(string Value)
{
    /// <summary>The Kubernetes quantity grammar, as the API server's OpenAPI schema spells it.</summary>
    public const string Pattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    public const long Mi = 1L << 20;
    public const long Gi = 1L << 30;
    public const long Ti = 1L << 40;

    public static Quantity FromBytes(decimal bytes) => new(QuantityFormatter.Format(bytes));

    public static Quantity Parse(string value) =>
        new Quantity(value).TryGetValue(out _) ? new Quantity(value) : throw new FormatException($"\"{value}\" is not a valid quantity");

    /// <summary>True when the text follows the quantity grammar; <paramref name="value"/> is then its numeric value.</summary>
    public bool TryGetValue(out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(Value))
        {
            return false;
        }

        if (TryParseSimple(Value, out value))
        {
            return true;
        }

        if (!QuantityRegex().IsMatch(Value))
        {
            return false;
        }

        try
        {
            value = new ResourceQuantity(Value).ToDecimal();
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The common forms ("4Gi", "512Mi", "2", "500m", "10G": whole digits and an optional suffix) without the regex and
    /// the client's arbitrary-precision parser: capacity checks read thousands of quantities per decision.
    /// </summary>
    private static bool TryParseSimple(string text, out decimal value)
    {
        value = 0;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || digits > 18)
        {
            return false;
        }

        decimal multiplier = text.AsSpan(digits) switch
        {
            "" => 1,
            "Ki" => 1L << 10,
            "Mi" => 1L << 20,
            "Gi" => 1L << 30,
            "Ti" => 1L << 40,
            "Pi" => 1L << 50,
            "Ei" => 1L << 60,
            "m" => 0.001m,
            "k" => 1_000m,
            "M" => 1_000_000m,
            "G" => 1_000_000_000m,
            "T" => 1_000_000_000_000m,
            "P" => 1_000_000_000_000_000m,
            "E" => 1_000_000_000_000_000_000m,
            _ => 0,
        };
        if (multiplier == 0)
        {
            return false;
        }

        value = long.Parse(text.AsSpan(0, digits), System.Globalization.CultureInfo.InvariantCulture) * multiplier;
        return true;
    }

    /// <summary>The numeric value; throws when the text is not a quantity (validate first).</summary>
    public decimal ToDecimal() =>
        TryGetValue(out var value) ? value : throw new FormatException($"\"{Value}\" is not a valid quantity");

    public override string ToString() => Value;

    public static implicit operator Quantity(string value) => new(value);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex QuantityRegex();
}
