using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record Disk
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("disk")]
    public DiskTarget? Target { get; set; }

    [JsonPropertyName("bootOrder")]
    public int? BootOrder { get; set; }
}
