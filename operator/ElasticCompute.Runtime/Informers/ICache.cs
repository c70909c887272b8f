using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>A read-only view of an informer's objects. Objects are shared: never mutate what it returns.</summary>
public interface ICache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>True once the first full list has been stored.</summary>
    bool HasSynced { get; }

    int Count { get; }

    T? Find(string? ns, string name);

    /// <summary>All objects, or those of one namespace.</summary>
    IReadOnlyList<T> List(string? ns = null);

    /// <summary>Objects an indexer mapped to <paramref name="value"/> (see <see cref="CacheIndexes"/>).</summary>
    IReadOnlyList<T> ByIndex(string indexName, string value);
}
