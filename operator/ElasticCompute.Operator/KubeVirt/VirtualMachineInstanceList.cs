using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VirtualMachineInstanceList : IKubernetesObject<V1ListMeta>, IItems<VirtualMachineInstance>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = VirtualMachine.ApiVersionValue;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = VirtualMachineInstance.KubeKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<VirtualMachineInstance> Items { get; set; } = [];
}
