using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record Volume
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("dataVolume")]
    public DataVolumeVolumeSource? DataVolume { get; set; }

    [JsonPropertyName("cloudInitNoCloud")]
    public CloudInitNoCloudSource? CloudInitNoCloud { get; set; }
}
