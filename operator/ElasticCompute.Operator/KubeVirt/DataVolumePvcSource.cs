using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>source.pvc: clone another claim.</summary>
internal sealed record DataVolumePvcSource
{
    [JsonPropertyName("namespace")]
    public string Namespace { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;
}
