using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DiskTarget
{
    /// <summary>virtio, sata, scsi or usb.</summary>
    [JsonPropertyName("bus")]
    public string? Bus { get; set; }
}
