using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Simulation;

namespace ElasticCompute.DevCluster.Tests.Support;

/// <summary>devcluster as the devcluster command runs it: our CRDs, the simulated world, KubeVirt's real schemas when ../shared has them.</summary>
public sealed class SimulatedClusterFixture : DevClusterFixture
{
    protected override DevClusterOptions Options => base.Options with
    {
        Modules = SimulatedWorld.Modules(new SimulationOptions
        {
            KubeVirtSchemaDirectory = Directory.Exists(RepositoryPaths.KubeVirtCrdSchemas) ? RepositoryPaths.KubeVirtCrdSchemas : null,

            // KubeVirt's examples ask for a "local" class.
            StorageClasses = [new SimulatedStorageClass("standard", "2Ti", IsDefault: true), new SimulatedStorageClass("local", "100Gi", IsDefault: false)],
        }),
    };
}
