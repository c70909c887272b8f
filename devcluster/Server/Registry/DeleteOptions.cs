namespace ElasticCompute.DevCluster.Server.Registry;

public enum PropagationPolicy
{
    Background,
    Foreground,
    Orphan,
}

/// <summary>The DeleteOptions body and query of a DELETE.</summary>
public sealed record DeleteOptions
{
    public static DeleteOptions Default { get; } = new();

    public bool DryRun { get; init; }

    public PropagationPolicy? Propagation { get; init; }

    public string? PreconditionUid { get; init; }

    public string? PreconditionResourceVersion { get; init; }
}
