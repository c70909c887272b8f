using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>source.http or source.registry: the URL to import from.</summary>
internal sealed record DataVolumeUrlSource
{
    [JsonPropertyName("url")]
    public string Url { get; set; } = string.Empty;
}
