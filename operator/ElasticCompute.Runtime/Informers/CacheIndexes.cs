using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>Indexes of cached objects: by namespace (every cache keeps it), by controller owner (add it where needed: it costs a set per owner).</summary>
public static class CacheIndexes
{
    /// <summary>The uid of an object's controller ownerReference.</summary>
    public const string ControllerOwnerUid = "controllerOwnerUid";

    /// <summary>The object's namespace (every cache is filed by it; no indexer needed).</summary>
    public const string Namespace = "namespace";

    public static IEnumerable<string> ByControllerOwnerUid(IKubernetesObject<V1ObjectMeta> obj)
    {
        var owner = obj.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        return owner?.Uid is { Length: > 0 } uid ? [uid] : [];
    }
}
