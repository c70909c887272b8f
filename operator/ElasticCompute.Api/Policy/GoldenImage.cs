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

    [JsonPropertyName("sshUser")]
    [MaxLength(32)]
    [RegularExpression(SshUserPattern)]
    [Description("The image's login user, that cloud-init gives the machine's SSH keys to (for example \"ubuntu\"). Absent means root.")]
    public string? SshUser { get; set; }

    /// <summary>A POSIX portable user name (what useradd accepts by default).</summary>
    public const string SshUserPattern = "^[a-z_][a-z0-9_-]*[$]?$";
}
