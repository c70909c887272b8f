using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

[KubernetesEntity(Group = VirtualMachine.KubeGroup, ApiVersion = VirtualMachine.KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
internal sealed record VirtualMachineInstance() : KubeVirtResource(VirtualMachine.ApiVersionValue, KubeKind), ISpec<VirtualMachineInstanceSpec>, IStatus<VirtualMachineInstanceStatus?>
{
    public const string KubeKind = "VirtualMachineInstance";
    public const string KubePluralName = "virtualmachineinstances";

    [JsonPropertyName("spec")]
    public VirtualMachineInstanceSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VirtualMachineInstanceStatus? Status { get; set; }

    /// <summary>What it takes from its node (cpu, memory), worked out once when cached: capacity checks sum every VMI.</summary>
    [JsonIgnore]
    public (decimal Cpu, decimal Memory)? NodeRequests { get; init; }
}
