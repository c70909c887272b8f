using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Api.Machines;

public sealed record ElasticMachineList : IKubernetesObject<V1ListMeta>, IItems<ElasticMachine>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ElasticMachine.ApiVersionValue;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ElasticMachine.KubeKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<ElasticMachine> Items { get; set; } = [];
}
