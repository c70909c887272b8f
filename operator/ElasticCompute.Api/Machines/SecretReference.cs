using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;

namespace ElasticCompute.Api.Machines;

public sealed record SecretReference
{
    [JsonPropertyName("name")]
    [Required]
    [DnsName(DnsNameKind.Subdomain)]
    [Description("Name of the Secret, in the same namespace as the machine.")]
    public string Name { get; set; } = string.Empty;
}
