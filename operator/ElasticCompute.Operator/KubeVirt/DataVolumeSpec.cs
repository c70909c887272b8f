using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>Exactly one of <see cref="Source"/> and <see cref="SourceRef"/> is set.</summary>
internal sealed record DataVolumeSpec
{
    [JsonPropertyName("source")]
    public DataVolumeSource? Source { get; set; }

    [JsonPropertyName("sourceRef")]
    public DataVolumeSourceRef? SourceRef { get; set; }

    /// <summary>
    /// The storage API (not spec.pvc): CDI fills access and volume modes from the StorageProfile and adds
    /// filesystem overhead, so the disk works on any storage class without the operator knowing it.
    /// </summary>
    [JsonPropertyName("storage")]
    public DataVolumeStorage? Storage { get; set; }
}
