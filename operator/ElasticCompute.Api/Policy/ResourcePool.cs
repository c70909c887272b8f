using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;

namespace ElasticCompute.Api.Policy;

public sealed record ResourcePool
{
    [JsonPropertyName("name")]
    [Required]
    [DnsName(DnsNameKind.Label)]
    [Description("Name of the pool, as machines give it in spec.pool.")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("default")]
    [Description("True for the pool of machines that name none. At most one pool is the default; without one, the first pool is.")]
    public bool? Default { get; set; }

    [JsonPropertyName("nodeSelector")]
    [Description("Labels a physical node must carry to belong to the pool. Empty means every node.")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [JsonPropertyName("storageClassName")]
    [DnsName(DnsNameKind.Subdomain)]
    [Description("StorageClass of the disks of machines in the pool.")]
    public string? StorageClassName { get; set; }
}
