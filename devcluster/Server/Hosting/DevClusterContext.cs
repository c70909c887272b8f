using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Hosting;

/// <summary>What a module gets: the registry (all reads and writes), the HTTP handler (for subresources), the clock and the options.</summary>
public sealed class DevClusterContext(
    ResourceRegistry registry,
    ApiHandler handler,
    DevClusterOptions options,
    Action<Func<CancellationToken, Task>> runInBackground,
    Func<System.Text.Json.Nodes.JsonObject, CancellationToken, Task> applyCrd)
{
    public ResourceRegistry Registry { get; } = registry;

    public ApiHandler Handler { get; } = handler;

    public DevClusterOptions Options { get; } = options;

    public TimeProvider Time => Options.Time;

    /// <summary>Runs a loop until devcluster stops (its token is cancelled then).</summary>
    public void RunInBackground(Func<CancellationToken, Task> loop) => runInBackground(loop);

    /// <summary>Creates (or updates) a CustomResourceDefinition and waits until its resources are served.</summary>
    public Task ApplyCrdAsync(System.Text.Json.Nodes.JsonObject crd, CancellationToken cancellationToken) => applyCrd(crd, cancellationToken);
}
