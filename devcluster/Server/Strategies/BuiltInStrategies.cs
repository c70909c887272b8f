using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>The per-kind strategies, by storage key (group-resource).</summary>
public static class BuiltInStrategies
{
    /// <param name="store">Where the Services whose cluster IPs and node ports are taken live.</param>
    public static IReadOnlyDictionary<string, IResourceStrategy> Create(ObjectStore store) => new Dictionary<string, IResourceStrategy>(StringComparer.Ordinal)
    {
        [ServiceAllocator.Table] = new ServiceStrategy(new ServiceAllocator(store)),
        ["namespaces"] = new NamespaceStrategy(),
        ["customresourcedefinitions.apiextensions.k8s.io"] = new CustomResourceDefinitionStrategy(),
        ["persistentvolumeclaims"] = new PersistentVolumeClaimStrategy(),
        ["secrets"] = new SecretStrategy(),
        ["events"] = new EventStrategy(strict: false),
        ["events.events.k8s.io"] = new EventStrategy(strict: true),
    };
}
