using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DataVolumeStatus
{
    /// <summary>Pending, ImportScheduled, ImportInProgress, CloneInProgress, WaitForFirstConsumer, Succeeded, Failed, ... (see <see cref="DataVolumePhases"/>).</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>For example "45.00%", or "N/A".</summary>
    [JsonPropertyName("progress")]
    public string? Progress { get; set; }

    [JsonPropertyName("claimName")]
    public string? ClaimName { get; set; }

    [JsonPropertyName("restartCount")]
    public int? RestartCount { get; set; }

    [JsonPropertyName("conditions")]
    public IList<KubeVirtCondition>? Conditions { get; set; }
}
