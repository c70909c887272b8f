using System.Text.Json.Serialization;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VirtualMachineInstanceTemplate
{
    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public VirtualMachineInstanceSpec Spec { get; set; } = new();
}
