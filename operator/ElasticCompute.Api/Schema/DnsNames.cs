using System.Text.RegularExpressions;

namespace ElasticCompute.Api.Schema;

/// <summary>Kubernetes' DNS-1123 name rules (k8s.io/apimachinery/pkg/util/validation), shared by the schema and the validators.</summary>
public static partial class DnsNames
{
    public const string LabelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const string SubdomainPattern = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public const int LabelMaxLength = 63;
    public const int SubdomainMaxLength = 253;

    public static string PatternFor(DnsNameKind kind) => kind == DnsNameKind.Label ? LabelPattern : SubdomainPattern;

    public static int MaxLengthFor(DnsNameKind kind) => kind == DnsNameKind.Label ? LabelMaxLength : SubdomainMaxLength;

    public static bool IsLabel(string? value) =>
        value is { Length: > 0 and <= LabelMaxLength } && LabelRegex().IsMatch(value);

    public static bool IsSubdomain(string? value) =>
        value is { Length: > 0 and <= SubdomainMaxLength } && SubdomainRegex().IsMatch(value);

    [GeneratedRegex(LabelPattern, RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();

    [GeneratedRegex(SubdomainPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainRegex();
}
