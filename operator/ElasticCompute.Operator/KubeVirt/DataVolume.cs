using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
internal sealed record DataVolume() : KubeVirtResource(ApiVersionValue, KubeKind), ISpec<DataVolumeSpec>, IStatus<DataVolumeStatus?>
{
    public const string KubeGroup = "cdi.kubevirt.io";
    public const string KubeApiVersion = "v1beta1";
    public const string KubeKind = "DataVolume";
    public const string KubePluralName = "datavolumes";
    public const string ApiVersionValue = KubeGroup + "/" + KubeApiVersion;

    [JsonPropertyName("spec")]
    public DataVolumeSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public DataVolumeStatus? Status { get; set; }
}
