namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// A patch the API server refuses. Carries what the HTTP layer needs to write a Status:
/// <see cref="StatusCode"/>, <see cref="Reason"/> (metav1.StatusReason), <see cref="Exception.Message"/> (Status.message)
/// and <see cref="Causes"/>. <see cref="Detail"/> is the underlying library text, which kube does not always show
/// (a failed JSON patch answers only "the server rejected our request due to an error in our request").
/// </summary>
internal sealed class PatchException : Exception
{
    /// <summary>The text kube gives every JSON patch that does not apply (NewGenericServerResponse for 422).</summary>
    public const string RejectedMessage = "the server rejected our request due to an error in our request";

    public PatchException(int statusCode, string reason, string message, string? detail = null, IReadOnlyList<PatchCause>? causes = null)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        Detail = detail ?? message;
        Causes = causes ?? [];
    }

    public int StatusCode { get; }

    public string Reason { get; }

    public string Detail { get; }

    public IReadOnlyList<PatchCause> Causes { get; }

    /// <summary>400 BadRequest: the body could not be decoded or a directive is malformed.</summary>
    public static PatchException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>422 Invalid with kube's generic text; the specific reason only in <see cref="Detail"/>.</summary>
    public static PatchException Unprocessable(string detail) => new(422, "Invalid", RejectedMessage, detail);

    /// <summary>500 InternalError: kube passes unclassified patch errors through as internal errors.</summary>
    public static PatchException Internal(string detail) =>
        new(500, "InternalError", $"Internal error occurred: {detail}", detail);

    /// <summary>415: strategic merge patch on a kind without Go struct tags (custom resources).</summary>
    public static PatchException UnsupportedMediaType() => new(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

    /// <summary>413: kube caps JSON patches at 10000 operations.</summary>
    public static PatchException TooManyOperations(int max, int actual) => new(
        413, "RequestEntityTooLarge", $"Request entity too large: The allowed maximum operations in a JSON patch is {max}, got {actual}");

    /// <summary>409 Conflict: a server-side apply would overwrite fields other managers own.</summary>
    public static PatchException ApplyConflict(string message, IReadOnlyList<PatchCause> causes) => new(409, "Conflict", message, message, causes);
}
