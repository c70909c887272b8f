using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>A shared informer: one list+watch per type feeding a cache and any number of handlers.</summary>
public interface IInformer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    ResourceKind Kind { get; }

    ICache<T> Cache { get; }

    bool HasSynced { get; }

    /// <summary>Adds a handler; objects already cached are replayed to it as adds.</summary>
    void AddEventHandler(IResourceHandler<T> handler);

    /// <summary>Adds an index (by name) the cache keeps up to date.</summary>
    void AddIndexer(string name, Func<T, IEnumerable<string>> indexer);

    /// <summary>Waits until the first list is cached.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
