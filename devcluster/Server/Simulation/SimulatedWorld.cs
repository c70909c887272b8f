using ElasticCompute.DevCluster.Server.Hosting;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// The physical world devcluster pretends to run on: nodes, storage, KubeVirt and CDI, as modules to pass
/// to <see cref="DevClusterOptions.Modules"/> in this order (later ones use what earlier ones serve).
/// </summary>
public static class SimulatedWorld
{
    public static IReadOnlyList<IDevClusterModule> Modules(SimulationOptions? options = null)
    {
        options ??= new SimulationOptions();
        return
        [
            new NodesModule(options),
            new StorageModule(options),
            new CdiModule(options),
            new KubeVirtModule(options),
            new SeedManifestsModule(options),
        ];
    }
}
