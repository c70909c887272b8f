using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record VirtualMachineStatus
{
    /// <summary>KubeVirt's summary: Stopped, Provisioning, Starting, Running, Paused, Stopping, Terminating, ErrorUnschedulable, DataVolumeError, ...</summary>
    [JsonPropertyName("printableStatus")]
    public string? PrintableStatus { get; set; }

    [JsonPropertyName("ready")]
    public bool? Ready { get; set; }

    [JsonPropertyName("created")]
    public bool? Created { get; set; }

    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("desiredGeneration")]
    public long? DesiredGeneration { get; set; }

    [JsonPropertyName("conditions")]
    public IList<KubeVirtCondition>? Conditions { get; set; }
}
