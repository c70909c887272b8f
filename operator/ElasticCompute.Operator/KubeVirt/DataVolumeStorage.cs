using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DataVolumeStorage
{
    [JsonPropertyName("resources")]
    public StorageResources? Resources { get; set; }

    [JsonPropertyName("storageClassName")]
    public string? StorageClassName { get; set; }

    [JsonPropertyName("accessModes")]
    public IList<string>? AccessModes { get; set; }
}
