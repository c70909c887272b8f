using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Schema;

namespace ElasticCompute.Api.Machines;

public sealed record MachineStorage
{
    [JsonPropertyName("size")]
    [Description("Size of the boot disk, for example 80Gi. When absent, the platform recommends one from the memory and the image (about 20Gi of disk per Gi of memory on a ladder of standard sizes). Can grow later, never shrink.")]
    public Quantity? Size { get; set; }

    [JsonPropertyName("storageClassName")]
    [DnsName(DnsNameKind.Subdomain)]
    [Description("StorageClass of the disk. Defaults to the pool's storage class, then the policy's default. Immutable.")]
    public string? StorageClassName { get; set; }

    [JsonPropertyName("reclaimPolicy")]
    [DefaultValue(Machines.ReclaimPolicy.Retain)]
    [Description("What happens to the disk when the machine is deleted: Retain (default) keeps it so no data is lost; Delete removes it with the machine. May be changed at any time.")]
    public ReclaimPolicy? ReclaimPolicy { get; set; }
}
