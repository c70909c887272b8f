namespace ElasticCompute.DevCluster.Server.Registry;

public enum PatchType
{
    /// <summary>application/json-patch+json (RFC 6902).</summary>
    Json,

    /// <summary>application/merge-patch+json (RFC 7386).</summary>
    Merge,

    /// <summary>application/strategic-merge-patch+json (built-in kinds only).</summary>
    StrategicMerge,

    /// <summary>application/apply-patch+yaml (server-side apply).</summary>
    Apply,
}
