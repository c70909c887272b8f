namespace ElasticCompute.DevCluster.Server.Storage;

public sealed record StoreOptions
{
    /// <summary>How many change events are kept for watches that resume from a resourceVersion.</summary>
    public int HistoryCapacity { get; init; } = 50_000;

    /// <summary>Events a watcher may fall behind before the server ends its watch (the client then resumes).</summary>
    public int WatcherBacklog { get; init; } = 20_000;
}
