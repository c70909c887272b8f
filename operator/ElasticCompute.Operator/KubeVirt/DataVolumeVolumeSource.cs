using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DataVolumeVolumeSource
{
    /// <summary>Name of both the DataVolume and its PVC, in the VM's namespace.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;
}
