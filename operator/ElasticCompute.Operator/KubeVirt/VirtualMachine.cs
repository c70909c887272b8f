using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
internal sealed record VirtualMachine() : KubeVirtResource(ApiVersionValue, KubeKind), ISpec<VirtualMachineSpec>, IStatus<VirtualMachineStatus?>
{
    public const string KubeGroup = "kubevirt.io";
    public const string KubeApiVersion = "v1";
    public const string KubeKind = "VirtualMachine";
    public const string KubePluralName = "virtualmachines";
    public const string ApiVersionValue = KubeGroup + "/" + KubeApiVersion;

    [JsonPropertyName("spec")]
    public VirtualMachineSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VirtualMachineStatus? Status { get; set; }
}
