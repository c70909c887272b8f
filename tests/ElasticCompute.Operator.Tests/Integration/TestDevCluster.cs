using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Simulation;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>devcluster as the operator's tests use it: our CRDs, a small simulated world with short phase delays.</summary>
internal static class TestDevCluster
{
    public static Task<DevClusterServer> StartAsync(int nodes, int nodeCpu, string nodeMemory, ApiHandlerOptions? http = null) =>
        DevClusterServer.StartAsync(new DevClusterOptions
        {
            Listen = "127.0.0.1:0",
            CrdDirectories = [Path.Combine(RepositoryPaths.Root, "crds")],
            Http = http ?? new ApiHandlerOptions(),
            Modules = SimulatedWorld.Modules(new SimulationOptions
            {
                Nodes = nodes,
                NodeCpu = nodeCpu,
                NodeMemory = nodeMemory,
                VmiPhaseDelay = TimeSpan.FromMilliseconds(50),
                ImportStepDelay = TimeSpan.FromMilliseconds(50),
                ExpansionDelay = TimeSpan.FromMilliseconds(100),
            }),
        });
}
