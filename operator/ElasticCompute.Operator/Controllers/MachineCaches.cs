using ElasticCompute.Api.Machines;
using ElasticCompute.Operator.Caching;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Informers;
using k8s.Models;

namespace ElasticCompute.Operator.Controllers;

/// <summary>The shared caches the machine reconciler reads instead of the API server.</summary>
internal sealed record MachineCaches(
    ICache<ElasticMachine> Machines,
    ICache<VirtualMachine> VirtualMachines,
    ICache<VirtualMachineInstance> Instances,
    ICache<DataVolume> DataVolumes,
    ICache<V1Node> Nodes,
    NodeUsageTracker Usage,
    ICache<V1Service> Services)
{
    public static MachineCaches From(Manager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var usage = new NodeUsageTracker(manager.GetCache<VirtualMachine>());
        manager.GetInformer<VirtualMachineInstance>().AddEventHandler(usage);
        manager.GetInformer<VirtualMachine>().AddEventHandler(usage);
        return new(
            manager.GetCache<ElasticMachine>(),
            manager.GetCache<VirtualMachine>(),
            manager.GetCache<VirtualMachineInstance>(),
            manager.GetCache<DataVolume>(),
            manager.GetCache<V1Node>(),
            usage,
            manager.GetCache<V1Service>());
    }
}
