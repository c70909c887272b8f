using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DomainInterface
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Present (as an empty object) for masquerade binding: NAT behind the pod's address.</summary>
    [JsonPropertyName("masquerade")]
    public EmptyObject? Masquerade { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }
}
