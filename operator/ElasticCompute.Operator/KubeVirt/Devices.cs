using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record Devices
{
    [JsonPropertyName("disks")]
    public IList<Disk>? Disks { get; set; }

    [JsonPropertyName("interfaces")]
    public IList<DomainInterface>? Interfaces { get; set; }
}
