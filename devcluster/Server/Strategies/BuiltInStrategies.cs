using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>The per-kind strategies, by storage key (group-resource).</summary>
public static class BuiltInStrategies
{
    public static IReadOnlyDictionary<string, IResourceStrategy> Create() => new Dictionary<string, IResourceStrategy>(StringComparer.Ordinal)
    {
        ["namespaces"] = new NamespaceStrategy(),
        ["customresourcedefinitions.apiextensions.k8s.io"] = new CustomResourceDefinitionStrategy(),
        ["persistentvolumeclaims"] = new PersistentVolumeClaimStrategy(),
        ["secrets"] = new SecretStrategy(),
        ["events"] = new EventStrategy(strict: false),
        ["events.events.k8s.io"] = new EventStrategy(strict: true),
    };
}
