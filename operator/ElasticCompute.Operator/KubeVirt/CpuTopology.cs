using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>domain.cpu of a VM template, and the VMI's status.currentCPUTopology.</summary>
internal sealed record CpuTopology
{
    [JsonPropertyName("sockets")]
    public int? Sockets { get; set; }

    [JsonPropertyName("cores")]
    public int? Cores { get; set; }

    [JsonPropertyName("threads")]
    public int? Threads { get; set; }

    /// <summary>The most sockets CPU hotplug may raise <see cref="Sockets"/> to without a restart.</summary>
    [JsonPropertyName("maxSockets")]
    public int? MaxSockets { get; set; }

    /// <summary>vCPUs as KubeVirt and the scheduler count them: sockets x cores x threads (each defaults to 1).</summary>
    [JsonIgnore]
    public int VirtualCpus => (Sockets ?? 1) * (Cores ?? 1) * (Threads ?? 1);
}
