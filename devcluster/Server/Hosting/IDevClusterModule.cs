namespace ElasticCompute.DevCluster.Server.Hosting;

/// <summary>
/// A part of the simulated world or of the server's tooling (nodes, KubeVirt, CDI, faults) that plugs
/// into devcluster at start: it may register subresource handlers, run background loops and write
/// objects through the registry, like any in-cluster controller.
/// </summary>
public interface IDevClusterModule
{
    /// <summary>Called once before the API opens; long-running work goes to <see cref="DevClusterContext.RunInBackground"/>.</summary>
    Task StartAsync(DevClusterContext context, CancellationToken cancellationToken);
}
