using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>
/// A condition as KubeVirt and CDI write them: unlike metav1.Condition, reason, message and the times may
/// be absent (or null), so the client's V1Condition does not fit.
/// </summary>
internal sealed record KubeVirtCondition
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = string.Empty;

    /// <summary>True, False or Unknown.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = string.Empty;

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("lastTransitionTime")]
    public DateTime? LastTransitionTime { get; set; }

    [JsonPropertyName("lastProbeTime")]
    public DateTime? LastProbeTime { get; set; }

    [JsonPropertyName("lastHeartbeatTime")]
    public DateTime? LastHeartbeatTime { get; set; }

    [JsonIgnore]
    public bool IsTrue => Status == "True";

    [JsonIgnore]
    public bool IsFalse => Status == "False";
}
