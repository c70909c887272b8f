using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>admission.k8s.io/v1 AdmissionReview: a request in, the same kind with a response out.</summary>
internal sealed record AdmissionReview
{
    public const string Version = "admission.k8s.io/v1";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = Version;

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "AdmissionReview";

    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; init; }

    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; init; }
}
