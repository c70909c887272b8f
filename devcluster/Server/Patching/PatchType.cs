namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>The four PATCH content types the API server accepts.</summary>
public enum PatchType
{
    /// <summary>application/json-patch+json (RFC 6902).</summary>
    JsonPatch,

    /// <summary>application/merge-patch+json (RFC 7386).</summary>
    MergePatch,

    /// <summary>application/strategic-merge-patch+json.</summary>
    StrategicMergePatch,

    /// <summary>application/apply-patch+yaml (server-side apply).</summary>
    ApplyPatch,
}
