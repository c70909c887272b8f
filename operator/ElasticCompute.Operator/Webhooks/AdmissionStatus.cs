using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>The metav1.Status of a refusal; the API server prefixes the message with the webhook's name.</summary>
internal sealed record AdmissionStatus
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "Failure";

    [JsonPropertyName("code")]
    public int Code { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
