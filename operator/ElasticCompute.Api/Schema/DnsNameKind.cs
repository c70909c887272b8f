namespace ElasticCompute.Api.Schema;

public enum DnsNameKind
{
    /// <summary>At most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit.</summary>
    Label,

    /// <summary>At most 253 characters: DNS-1123 labels joined by '.'.</summary>
    Subdomain,
}
