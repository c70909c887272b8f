using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>
/// The versioned object store (devcluster's etcd): tables of JSON objects keyed by namespace/name,
/// one revision counter for all writes, a bounded history of changes for watches that resume, and
/// live watchers. Writes take one lock, which gives every write a place in one total order (the
/// resourceVersion) and delivers watch events in that order.
/// </summary>
public sealed class ObjectStore
{
    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };

    private const string AllTables = "*";

    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> tables = new(StringComparer.Ordinal);
    private readonly Queue<StoreEvent> history = new();
    private readonly Dictionary<string, List<WatchSubscription>> watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string Table, string Key)>> dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Table, string Key)> byUid = new(StringComparer.Ordinal);
    private readonly StoreOptions options;
    private readonly IStorePersistence? persistence;
    private long revision;
    private long compactedRevision;

    public ObjectStore(StoreOptions? options = null, IStorePersistence? persistence = null)
    {
        this.options = options ?? new StoreOptions();
        this.persistence = persistence;
        if (persistence is not null)
        {
            var (objects, lastRevision) = persistence.Load();
            foreach (var (table, json) in objects)
            {
                var stored = ToStored(JsonNode.Parse(json)!.AsObject(), json);
                Table(table)[stored.Key] = stored;
                Index(table, stored, remove: false);
            }

            revision = lastRevision;
            compactedRevision = lastRevision;
        }
    }

    public long Revision
    {
        get
        {
            lock (gate)
            {
                return revision;
            }
        }
    }

    /// <summary>Revisions at or below this are no longer in the history: a watch from there gets 410 Gone.</summary>
    public long CompactedRevision
    {
        get
        {
            lock (gate)
            {
                return compactedRevision;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return tables.Values.Sum(t => t.Count);
            }
        }
    }

    public StoredObject? Get(string table, string @namespace, string name)
    {
        lock (gate)
        {
            return tables.TryGetValue(table, out var t) && t.TryGetValue(Key(@namespace, name), out var o) ? o : null;
        }
    }

    /// <summary>Objects whose ownerReferences name <paramref name="ownerUid"/>: (table, object).</summary>
    public IReadOnlyList<(string Table, StoredObject Object)> Dependents(string ownerUid)
    {
        lock (gate)
        {
            if (!dependents.TryGetValue(ownerUid, out var keys))
            {
                return [];
            }

            return keys
                .Select(k => (k.Table, Found: tables.TryGetValue(k.Table, out var t) && t.TryGetValue(k.Key, out var o) ? o : null))
                .Where(x => x.Found is not null)
                .Select(x => (x.Table, x.Found!))
                .ToArray();
        }
    }

    /// <summary>The object with this uid, wherever it is stored (owner lookups of garbage collection).</summary>
    public (string Table, StoredObject Object)? FindByUid(string uid)
    {
        lock (gate)
        {
            return byUid.TryGetValue(uid, out var at) && tables.TryGetValue(at.Table, out var t) && t.TryGetValue(at.Key, out var found)
                ? (at.Table, found)
                : null;
        }
    }

    /// <summary>The names of the tables that hold objects.</summary>
    public IReadOnlyList<string> Tables()
    {
        lock (gate)
        {
            return tables.Where(t => t.Value.Count > 0).Select(t => t.Key).ToArray();
        }
    }

    /// <summary>The objects of a table (of one namespace, when given) in key order, and the revision they reflect.</summary>
    public (IReadOnlyList<StoredObject> Items, long Revision) List(string table, string? @namespace = null, string? startAfterKey = null)
    {
        lock (gate)
        {
            if (!tables.TryGetValue(table, out var t))
            {
                return ([], revision);
            }

            IEnumerable<StoredObject> items = t.Values;
            if (@namespace is not null)
            {
                items = items.Where(o => o.Namespace == @namespace);
            }

            if (startAfterKey is not null)
            {
                items = items.Where(o => string.CompareOrdinal(o.Key, startAfterKey) > 0);
            }

            return (items.ToArray(), revision);
        }
    }

    /// <summary>Stores a new object, stamping metadata.resourceVersion.</summary>
    /// <exception cref="StoreException">AlreadyExists.</exception>
    public StoredObject Create(string table, JsonObject obj)
    {
        lock (gate)
        {
            var (ns, name) = Identity(obj);
            var t = Table(table);
            var key = Key(ns, name);
            if (t.ContainsKey(key))
            {
                throw new StoreException(StoreError.AlreadyExists, $"{key} already exists");
            }

            var stored = Stamp(obj);
            var e = new StoreEvent(StoreEventType.Added, table, stored, null);
            Persist(e);
            t[key] = stored;
            Commit(e);
            return stored;
        }
    }

    /// <summary>Replaces an object, provided it is still at <paramref name="expectedRevision"/>.</summary>
    /// <exception cref="StoreException">NotFound or Conflict.</exception>
    public StoredObject Update(string table, JsonObject obj, long expectedRevision)
    {
        lock (gate)
        {
            var (ns, name) = Identity(obj);
            var t = Table(table);
            var key = Key(ns, name);
            if (!t.TryGetValue(key, out var current))
            {
                throw new StoreException(StoreError.NotFound, $"{key} not found");
            }

            if (current.Revision != expectedRevision)
            {
                throw new StoreException(StoreError.Conflict, $"{key} is at revision {current.Revision}, not {expectedRevision}");
            }

            var stored = Stamp(obj);
            var e = new StoreEvent(StoreEventType.Modified, table, stored, current);
            Persist(e);
            t[key] = stored;
            Commit(e);
            return stored;
        }
    }

    /// <summary>Removes an object, provided it is still at <paramref name="expectedRevision"/> when one is given.</summary>
    public StoredObject Delete(string table, string @namespace, string name, long? expectedRevision = null)
    {
        lock (gate)
        {
            var key = Key(@namespace, name);
            if (!tables.TryGetValue(table, out var t) || !t.TryGetValue(key, out var current))
            {
                throw new StoreException(StoreError.NotFound, $"{key} not found");
            }

            if (expectedRevision is { } expected && current.Revision != expected)
            {
                throw new StoreException(StoreError.Conflict, $"{key} is at revision {current.Revision}, not {expected}");
            }

            // A delete gets a revision of its own; the event carries the last state at that revision.
            var json = JsonNode.Parse(current.Json)!.AsObject();
            var deleted = Stamp(json);
            var e = new StoreEvent(StoreEventType.Deleted, table, deleted, current);
            Persist(e);
            t.Remove(key);
            Commit(e);
            return deleted;
        }
    }

    /// <summary>
    /// Watches a table from just after <paramref name="afterRevision"/> (replaying the kept history), or
    /// from now when it is null.
    /// </summary>
    /// <exception cref="StoreException">Gone, when the history no longer reaches back that far.</exception>
    /// <remarks>
    /// A null <paramref name="table"/> watches every table (for the built-in controllers), or those
    /// <paramref name="tables"/> accepts: an event nobody reads then wakes nobody.
    /// </remarks>
    public WatchSubscription Watch(string? table, string? @namespace, long? afterRevision, Func<string, bool>? tables = null)
    {
        table ??= AllTables;
        lock (gate)
        {
            if (afterRevision is { } after && after < compactedRevision)
            {
                throw new StoreException(StoreError.Gone, $"too old resource version: {after} ({compactedRevision + 1})");
            }

            var subscription = new WatchSubscription(table, @namespace, options.WatcherBacklog, Unsubscribe, tables);
            if (afterRevision is { } from)
            {
                foreach (var e in history)
                {
                    if (e.Revision > from && (table == AllTables || e.Table == table) && subscription.Matches(e))
                    {
                        subscription.Publish(e);
                    }
                }
            }

            if (!watchers.TryGetValue(table, out var list))
            {
                watchers[table] = list = [];
            }

            list.Add(subscription);
            return subscription;
        }
    }

    /// <summary>How many watches of one table are open now (for tests that count what a client holds open).</summary>
    public int OpenWatches(string table)
    {
        lock (gate)
        {
            return watchers.TryGetValue(table, out var list) ? list.Count : 0;
        }
    }

    /// <summary>Ends every open watch (a fault, or shutdown); clients resume from their last revision.</summary>
    public int EndAllWatches(string reason)
    {
        lock (gate)
        {
            var all = watchers.Values.SelectMany(w => w).ToArray();
            foreach (var w in all)
            {
                w.End(reason);
            }

            watchers.Clear();
            return all.Length;
        }
    }

    /// <summary>Forgets the history, so watches resuming from an older revision get 410 Gone.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedRevision = revision;
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (gate)
        {
            if (watchers.TryGetValue(subscription.Table, out var list))
            {
                list.Remove(subscription);
            }
        }
    }

    /// <summary>Writes through before memory changes, so a failed write leaves memory as it was.</summary>
    private void Persist(StoreEvent e) =>
        persistence?.Write(e.Table, e.Item.Key, e.Type == StoreEventType.Deleted ? null : e.Item.Json, e.Revision);

    private void Commit(StoreEvent e)
    {
        Index(e.Table, e.Previous, remove: true);
        if (e.Type != StoreEventType.Deleted)
        {
            Index(e.Table, e.Item, remove: false);
        }

        history.Enqueue(e);
        while (history.Count > options.HistoryCapacity)
        {
            compactedRevision = history.Dequeue().Revision;
        }

        Publish(e.Table, e);
        Publish(AllTables, e);
    }

    private void Publish(string key, StoreEvent e)
    {
        if (watchers.TryGetValue(key, out var list))
        {
            foreach (var w in list)
            {
                if (w.Matches(e))
                {
                    w.Publish(e);
                }
            }
        }
    }

    private void Index(string table, StoredObject? item, bool remove)
    {
        if (item is null)
        {
            return;
        }

        if (item.Uid.Length > 0)
        {
            if (remove)
            {
                byUid.Remove(item.Uid);
            }
            else
            {
                byUid[item.Uid] = (table, item.Key);
            }
        }

        foreach (var owner in item.OwnerUids)
        {
            if (remove)
            {
                if (dependents.TryGetValue(owner, out var set) && set.Remove((table, item.Key)) && set.Count == 0)
                {
                    dependents.Remove(owner);
                }
            }
            else
            {
                if (!dependents.TryGetValue(owner, out var set))
                {
                    dependents[owner] = set = [];
                }

                set.Add((table, item.Key));
            }
        }
    }

    private StoredObject Stamp(JsonObject obj)
    {
        var next = revision + 1;
        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        metadata["resourceVersion"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = JsonSerializer.SerializeToUtf8Bytes(obj, CompactJson);
        revision = next;
        return ToStored(obj, json, next);
    }

    private static StoredObject ToStored(JsonObject obj, byte[] json, long? revision = null)
    {
        var (ns, name, uid, labels, owners, deleting, finalizers) = ObjectMetadataReader.Read(obj);
        var rv = revision ?? long.Parse((string?)obj["metadata"]?["resourceVersion"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return new StoredObject(ns, name, uid, rv, json, labels, owners) { Deleting = deleting, Finalizers = finalizers };
    }

    private SortedDictionary<string, StoredObject> Table(string table)
    {
        if (!tables.TryGetValue(table, out var t))
        {
            tables[table] = t = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
        }

        return t;
    }

    private static (string Namespace, string Name) Identity(JsonObject obj) =>
        ((string?)obj["metadata"]?["namespace"] ?? string.Empty, (string?)obj["metadata"]?["name"] ?? string.Empty);

    private static string Key(string @namespace, string name) => @namespace.Length == 0 ? name : $"{@namespace}/{name}";
}
