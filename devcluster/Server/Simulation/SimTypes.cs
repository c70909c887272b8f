using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>The resource types the simulation reads and writes, looked up in the catalog when needed (CRDs appear at start).</summary>
internal static class SimTypes
{
    public const string KubeVirtGroup = "kubevirt.io";
    public const string CdiGroup = "cdi.kubevirt.io";
    public const string SubresourcesGroup = "subresources.kubevirt.io";

    public static ResourceType Get(ResourceRegistry registry, string group, string version, string plural) =>
        registry.Catalog.TryGet(group, version, plural, out var type)
            ? type
            : throw new InvalidOperationException($"{plural}.{group}/{version} is not served");

    public static ResourceType Nodes(ResourceRegistry r) => Get(r, string.Empty, "v1", "nodes");

    public static ResourceType Pvcs(ResourceRegistry r) => Get(r, string.Empty, "v1", "persistentvolumeclaims");

    public static ResourceType Pvs(ResourceRegistry r) => Get(r, string.Empty, "v1", "persistentvolumes");

    public static ResourceType Events(ResourceRegistry r) => Get(r, string.Empty, "v1", "events");

    public static ResourceType Namespaces(ResourceRegistry r) => Get(r, string.Empty, "v1", "namespaces");

    public static ResourceType StorageClasses(ResourceRegistry r) => Get(r, "storage.k8s.io", "v1", "storageclasses");

    public static ResourceType Vms(ResourceRegistry r) => Get(r, KubeVirtGroup, "v1", "virtualmachines");

    public static ResourceType Vmis(ResourceRegistry r) => Get(r, KubeVirtGroup, "v1", "virtualmachineinstances");

    public static ResourceType DataVolumes(ResourceRegistry r) => Get(r, CdiGroup, "v1beta1", "datavolumes");

    public static ResourceType DataSources(ResourceRegistry r) => Get(r, CdiGroup, "v1beta1", "datasources");

    public static bool TryGet(ResourceRegistry registry, string group, string version, string plural, out ResourceType type) =>
        registry.Catalog.TryGet(group, version, plural, out type);
}
