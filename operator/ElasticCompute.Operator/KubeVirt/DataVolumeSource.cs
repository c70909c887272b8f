using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>Exactly one member is set.</summary>
internal sealed record DataVolumeSource
{
    [JsonPropertyName("http")]
    public DataVolumeUrlSource? Http { get; set; }

    [JsonPropertyName("registry")]
    public DataVolumeUrlSource? Registry { get; set; }

    [JsonPropertyName("blank")]
    public EmptyObject? Blank { get; set; }

    [JsonPropertyName("pvc")]
    public DataVolumePvcSource? Pvc { get; set; }
}
