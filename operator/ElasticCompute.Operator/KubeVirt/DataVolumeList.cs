using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DataVolumeList : IKubernetesObject<V1ListMeta>, IItems<DataVolume>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = DataVolume.ApiVersionValue;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = DataVolume.KubeKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<DataVolume> Items { get; set; } = [];
}
