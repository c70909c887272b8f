namespace ElasticCompute.DevCluster.Server.Storage;

public enum StoreError
{
    NotFound,
    AlreadyExists,
    Conflict,
    Gone,
}

/// <summary>A store precondition failed; the API layer turns it into the matching Status.</summary>
public sealed class StoreException(StoreError error, string message) : Exception(message)
{
    public StoreError Error { get; } = error;
}
