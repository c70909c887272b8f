using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;

namespace ElasticCompute.Api.Policy;

public sealed record NamespaceQuota
{
    [JsonPropertyName("namespace")]
    [Required]
    [DnsName(DnsNameKind.Label)]
    [Description("The namespace the limits apply to.")]
    public string Namespace { get; set; } = string.Empty;

    [JsonPropertyName("limits")]
    [Required]
    [Description("The namespace's limits.")]
    public NamespaceQuotaLimits Limits { get; set; } = new();
}
