using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// A thread-safe object store by namespace, then name, with indexes. One writer (the informer), many readers.
/// Objects are filed under their namespace and name as they are, so no "namespace/name" key string is kept per
/// object and the namespace index is the store itself; only other indexes keep keys, for the objects they index.
/// </summary>
internal sealed class ObjectCache<T> : ICache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, T>> namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> indexes = new(StringComparer.Ordinal);
    private int count;
    private volatile bool synced;

    public bool HasSynced => synced;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer)
    {
        if (name == CacheIndexes.Namespace)
        {
            return; // always kept: the store is filed by namespace
        }

        lock (gate)
        {
            indexers[name] = indexer;
            var index = indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var item in namespaces.Values.SelectMany(names => names.Values))
            {
                foreach (var value in indexer(item))
                {
                    Bucket(index, value).Add(ObjectKey.Of(item));
                }
            }
        }
    }

    public T? Find(string? ns, string name)
    {
        lock (gate)
        {
            return namespaces.TryGetValue(ns ?? string.Empty, out var names) ? names.GetValueOrDefault(name) : null;
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
            var all = new List<T>(count);
            foreach (var names in namespaces.Values)
            {
                all.AddRange(names.Values);
            }

            return all;
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (gate)
        {
            if (indexName == CacheIndexes.Namespace)
            {
                return namespaces.TryGetValue(value, out var names) ? [.. names.Values] : [];
            }

            if (!indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"no index named \"{indexName}\"", nameof(indexName));
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => Lookup(k)!)] : [];
        }
    }

    /// <summary>Stores an object; returns the one it replaced.</summary>
    public T? Upsert(T item)
    {
        var ns = item.Metadata?.NamespaceProperty ?? string.Empty;
        var name = item.Metadata?.Name ?? string.Empty;
        lock (gate)
        {
            if (!namespaces.TryGetValue(ns, out var names))
            {
                namespaces[ns] = names = new Dictionary<string, T>(StringComparer.Ordinal);
            }

            var old = names.GetValueOrDefault(name);
            if (old is null)
            {
                count++;
            }
            else
            {
                Unindex(old);
            }

            names[name] = item;
            Index(item);
            return old;
        }
    }

    /// <summary>Removes an object by its key (see <see cref="ObjectKey"/>); returns the one removed.</summary>
    public T? Remove(string key)
    {
        var (ns, name) = Split(key);
        lock (gate)
        {
            if (!namespaces.TryGetValue(ns, out var names) || !names.Remove(name, out var old))
            {
                return null;
            }

            if (names.Count == 0)
            {
                namespaces.Remove(ns);
            }

            count--;
            Unindex(old);
            return old;
        }
    }

    public IReadOnlyList<string> Keys()
    {
        lock (gate)
        {
            return [.. namespaces.SelectMany(n => n.Value.Keys.Select(name => ObjectKey.Of(n.Key, name)))];
        }
    }

    public void MarkSynced() => synced = true;

    private T? Lookup(string key)
    {
        var (ns, name) = Split(key);
        return namespaces.TryGetValue(ns, out var names) ? names.GetValueOrDefault(name) : null;
    }

    /// <summary>"namespace/name" or "name" (names never hold a slash).</summary>
    private static (string Namespace, string Name) Split(string key) =>
        key.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (key[..slash], key[(slash + 1)..]) : (string.Empty, key);

    private void Index(T item)
    {
        string? key = null;
        foreach (var (name, indexer) in indexers)
        {
            foreach (var value in indexer(item))
            {
                Bucket(indexes[name], value).Add(key ??= ObjectKey.Of(item));
            }
        }
    }

    private void Unindex(T item)
    {
        string? key = null;
        foreach (var (name, indexer) in indexers)
        {
            var index = indexes[name];
            foreach (var value in indexer(item))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key ??= ObjectKey.Of(item)) && keys.Count == 0)
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
