namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>Maps Content-Type headers to <see cref="PatchType"/> and back.</summary>
internal static class PatchTypes
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>Parses a Content-Type, ignoring parameters such as <c>; charset=utf-8</c>.</summary>
    public static bool TryParse(string? contentType, out PatchType type)
    {
        var media = contentType is null ? string.Empty : contentType.Split(';', 2)[0].Trim();
        (var ok, type) = media.ToUpperInvariant() switch
        {
            "APPLICATION/JSON-PATCH+JSON" => (true, PatchType.JsonPatch),
            "APPLICATION/MERGE-PATCH+JSON" => (true, PatchType.MergePatch),
            "APPLICATION/STRATEGIC-MERGE-PATCH+JSON" => (true, PatchType.StrategicMergePatch),
            "APPLICATION/APPLY-PATCH+YAML" => (true, PatchType.ApplyPatch),
            _ => (false, default),
        };
        return ok;
    }

    public static string ToMediaType(PatchType type) => type switch
    {
        PatchType.JsonPatch => JsonPatch,
        PatchType.MergePatch => MergePatch,
        PatchType.StrategicMergePatch => StrategicMergePatch,
        PatchType.ApplyPatch => ApplyPatch,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
