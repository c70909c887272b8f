namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>The finalizers the API server itself understands.</summary>
public static class Finalizers
{
    /// <summary>Foreground deletion: the owner waits until its blocking dependents are gone.</summary>
    public const string Foreground = "foregroundDeletion";

    /// <summary>Orphan deletion: dependents lose their owner reference and stay.</summary>
    public const string Orphan = "orphan";

    /// <summary>A namespace's spec finalizer: its content is deleted before it is.</summary>
    public const string Namespace = "kubernetes";
}
