using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VirtualMachineList : IKubernetesObject<V1ListMeta>, IItems<VirtualMachine>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = VirtualMachine.ApiVersionValue;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = VirtualMachine.KubeKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<VirtualMachine> Items { get; set; } = [];
}
