namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>Options every write carries (query parameters of the request).</summary>
public sealed record WriteOptions
{
    public static WriteOptions Default { get; } = new();

    public bool DryRun { get; init; }

    public string FieldManager { get; init; } = "unknown";

    public FieldValidation FieldValidation { get; init; } = FieldValidation.Warn;

    /// <summary>For server-side apply: take ownership of contested fields.</summary>
    public bool Force { get; init; }

    /// <summary>Set for server-side apply, whose patch engine has already recorded managed fields.</summary>
    internal bool ManagedFieldsRecorded { get; init; }

    /// <summary>Who is asking, for admission reviews (userInfo.username).</summary>
    public string UserName { get; init; } = "system:admin";
}
