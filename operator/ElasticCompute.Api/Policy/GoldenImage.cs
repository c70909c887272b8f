using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Schema;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;

namespace ElasticCompute.Api.Policy;

public sealed record GoldenImage
{
    [JsonPropertyName("name")]
    [Required]
    [DnsName(DnsNameKind.Subdomain)]
    [Description("Name of the CDI DataSource, as machines give it in spec.image.dataSource.")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("displayName")]
    [MaxLength(128)]
    [Description("Name shown to people, for example \"Ubuntu 24.04 LTS\".")]
    public string? DisplayName { get; set; }

    [JsonPropertyName("minimumDiskSize")]
    [Description("Smallest disk the image fits on; disks get at least this plus the curve's headroom.")]
    public Quantity? MinimumDiskSize { get; set; }
}
