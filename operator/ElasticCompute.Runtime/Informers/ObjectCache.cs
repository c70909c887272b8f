using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>A thread-safe object store keyed namespace/name, with indexes. One writer (the informer), many readers.</summary>
internal sealed class ObjectCache<T> : ICache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> indexes = new(StringComparer.Ordinal);
    private volatile bool synced;

    public ObjectCache()
    {
        AddIndexer(CacheIndexes.Namespace, CacheIndexes.ByNamespace);
    }

    public bool HasSynced => synced;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return items.Count;
            }
        }
    }

    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer)
    {
        lock (gate)
        {
            indexers[name] = indexer;
            var index = indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, item) in items)
            {
                foreach (var value in indexer(item))
                {
                    Bucket(index, value).Add(key);
                }
            }
        }
    }

    public T? Find(string? ns, string name)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(ObjectKey.Of(ns, name));
        }
    }

    public IReadOnlyList<T> List(string? ns = null)
    {
        if (!string.IsNullOrEmpty(ns))
        {
            return ByIndex(CacheIndexes.Namespace, ns);
        }

        lock (gate)
        {
            return [.. items.Values];
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (gate)
        {
            if (!indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"no index named \"{indexName}\"", nameof(indexName));
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => items[k])] : [];
        }
    }

    /// <summary>Stores an object; returns the one it replaced.</summary>
    public T? Upsert(T item)
    {
        var key = ObjectKey.Of(item);
        lock (gate)
        {
            var old = items.GetValueOrDefault(key);
            if (old is not null)
            {
                Unindex(key, old);
            }

            items[key] = item;
            Index(key, item);
            return old;
        }
    }

    /// <summary>Removes an object; returns the one removed.</summary>
    public T? Remove(string key)
    {
        lock (gate)
        {
            if (!items.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
    }

    public IReadOnlyList<string> Keys()
    {
        lock (gate)
        {
            return [.. items.Keys];
        }
    }

    public void MarkSynced() => synced = true;

    private void Index(string key, T item)
    {
        foreach (var (name, indexer) in indexers)
        {
            foreach (var value in indexer(item))
            {
                Bucket(indexes[name], value).Add(key);
            }
        }
    }

    private void Unindex(string key, T item)
    {
        foreach (var (name, indexer) in indexers)
        {
            var index = indexes[name];
            foreach (var value in indexer(item))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }

    private static HashSet<string> Bucket(Dictionary<string, HashSet<string>> index, string value)
    {
        if (!index.TryGetValue(value, out var keys))
        {
            index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        return keys;
    }
}
