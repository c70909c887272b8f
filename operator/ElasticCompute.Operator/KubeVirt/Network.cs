using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record Network
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Present (as an empty object) for the pod network.</summary>
    [JsonPropertyName("pod")]
    public EmptyObject? Pod { get; set; }
}
