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

    /// <summary>
    /// The digest of the spec as read from the API server, set when the cache keeps only part of the spec
    /// (see <see cref="Caching.CacheProjections"/>); null when <see cref="Spec"/> is whole.
    /// </summary>
    [JsonIgnore]
    public UInt128? SpecDigest { get; init; }
}
