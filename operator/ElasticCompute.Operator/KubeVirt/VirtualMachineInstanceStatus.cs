using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VirtualMachineInstanceStatus
{
    /// <summary>Pending, Scheduling, Scheduled, Running, Succeeded, Failed or Unknown (see <see cref="VmiPhases"/>).</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    [JsonPropertyName("nodeName")]
    public string? NodeName { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("interfaces")]
    public IList<VmiInterfaceStatus>? Interfaces { get; set; }

    [JsonPropertyName("conditions")]
    public IList<KubeVirtCondition>? Conditions { get; set; }

    [JsonPropertyName("currentCPUTopology")]
    public CpuTopology? CurrentCpuTopology { get; set; }

    [JsonPropertyName("memory")]
    public VmiMemoryStatus? Memory { get; set; }
}
