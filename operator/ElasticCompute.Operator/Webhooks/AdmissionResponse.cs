using System.Text;
using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>An AdmissionResponse: allowed or refused with a Status, an optional JSON patch, warnings kubectl prints.</summary>
internal sealed record AdmissionResponse
{
    [JsonPropertyName("uid")]
    public string Uid { get; init; } = string.Empty;

    [JsonPropertyName("allowed")]
    public bool Allowed { get; init; }

    [JsonPropertyName("status")]
    public AdmissionStatus? Status { get; init; }

    /// <summary>Base64 of a JSON patch (RFC 6902).</summary>
    [JsonPropertyName("patch")]
    public string? Patch { get; init; }

    [JsonPropertyName("patchType")]
    public string? PatchType { get; init; }

    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }

    public static AdmissionResponse Allow(string uid, IReadOnlyList<string>? warnings = null) =>
        new() { Uid = uid, Allowed = true, Warnings = warnings is { Count: > 0 } ? warnings : null };

    public static AdmissionResponse Deny(string uid, int code, string reason, string message, IReadOnlyList<string>? warnings = null) =>
        new()
        {
            Uid = uid,
            Allowed = false,
            Status = new AdmissionStatus { Code = code, Reason = reason, Message = message },
            Warnings = warnings is { Count: > 0 } ? warnings : null,
        };

    public static AdmissionResponse WithPatch(string uid, JsonPatch patch) =>
        patch.IsEmpty
            ? Allow(uid)
            : new() { Uid = uid, Allowed = true, Patch = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJson())), PatchType = "JSONPatch" };
}
