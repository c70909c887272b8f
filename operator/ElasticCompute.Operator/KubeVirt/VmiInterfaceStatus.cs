using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VmiInterfaceStatus
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("ipAddress")]
    public string? IpAddress { get; set; }

    [JsonPropertyName("ipAddresses")]
    public IList<string>? IpAddresses { get; set; }

    [JsonPropertyName("mac")]
    public string? Mac { get; set; }
}
