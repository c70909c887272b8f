using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DomainSpec
{
    [JsonPropertyName("cpu")]
    public CpuTopology? Cpu { get; set; }

    [JsonPropertyName("memory")]
    public GuestMemory? Memory { get; set; }

    [JsonPropertyName("resources")]
    public DomainResources? Resources { get; set; }

    [JsonPropertyName("devices")]
    public Devices Devices { get; set; } = new();
}
