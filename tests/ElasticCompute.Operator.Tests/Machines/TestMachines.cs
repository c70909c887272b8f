using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Machines;

internal static class TestMachines
{
    public static ElasticMachine Machine(string name, ElasticMachineSpec spec, string ns = "team-a", long generation = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + name, Generation = generation },
        Spec = spec,
    };

    public static EffectivePolicy Policy() => EffectivePolicy.From(new ElasticComputePolicySpec
    {
        DefaultStorageClassName = "standard",
        Pools =
        [
            new ResourcePool { Name = "general", Default = true },
            new ResourcePool { Name = "fast", NodeSelector = new Dictionary<string, string> { ["elasticcompute.io/pool"] = "fast" }, StorageClassName = "nvme" },
        ],
        Quotas = [new NamespaceQuota { Namespace = "team-a", Limits = new NamespaceQuotaLimits { MaxCpu = 32, MaxMemory = "64Gi", MaxStorage = "500Gi", MaxMachines = 8 } }],
    });
}
