using ElasticCompute.DevCluster.Server.Faults;

namespace ElasticCompute.DevCluster.Server.Http;

public sealed record ApiHandlerOptions
{
    /// <summary>How long a watch without timeoutSeconds stays open (the API server picks 30-60 minutes).</summary>
    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a quiet watch that allows bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    public IFaultInjector? Faults { get; init; }
}
