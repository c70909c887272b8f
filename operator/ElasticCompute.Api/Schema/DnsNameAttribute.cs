namespace ElasticCompute.Api.Schema;

/// <summary>Marks a string as a DNS-1123 label or subdomain, which the schema expresses as a pattern and a maximum length.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DnsNameAttribute(DnsNameKind kind) : Attribute
{
    public DnsNameKind Kind { get; } = kind;
}
