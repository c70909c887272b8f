using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Machines;

public sealed record DiskStatus
{
    [JsonPropertyName("size")]
    [Description("Effective size of the disk (pinned once the disk exists: a later policy change never resizes it).")]
    public Quantity? Size { get; set; }

    [JsonPropertyName("sizeSource")]
    [Description("Whether the size was Recommended by the platform or Chosen by the user.")]
    public DiskSizeSource? SizeSource { get; set; }

    [JsonPropertyName("recommendation")]
    [Description("The platform's recommendation for this machine and why, for example \"80Gi: 4Gi memory x 20 = 80Gi, a standard size\".")]
    public string? Recommendation { get; set; }

    [JsonPropertyName("storageClassName")]
    [Description("StorageClass the disk was created with.")]
    public string? StorageClassName { get; set; }

    [JsonPropertyName("dataVolumeName")]
    [Description("Name of the CDI DataVolume (and its PersistentVolumeClaim) that holds the disk.")]
    public string? DataVolumeName { get; set; }
}
