using ElasticCompute.Runtime.Informers;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Informers;

public sealed class ObjectCacheTests
{
    private readonly ObjectCache<V1ConfigMap> cache = new();

    [Fact]
    public void Objects_are_found_listed_and_replaced_by_namespace_and_name()
    {
        Assert.Null(cache.Upsert(Map("a", "x", "1")));
        cache.Upsert(Map("a", "y", "1"));
        cache.Upsert(Map("b", "x", "1"));
        var replaced = cache.Upsert(Map("a", "x", "2"));

        Assert.Equal("1", replaced!.Metadata.ResourceVersion);
        Assert.Equal("2", cache.Find("a", "x")!.Metadata.ResourceVersion);
        Assert.Null(cache.Find("c", "x"));
        Assert.Equal(3, cache.Count);
        Assert.Equal(["x", "y"], cache.List("a").Select(m => m.Metadata.Name).Order());
        Assert.Equal(["x", "y"], cache.ByIndex(CacheIndexes.Namespace, "a").Select(m => m.Metadata.Name).Order());
        Assert.Equal(3, cache.List().Count);
        Assert.Equal(["a/x", "a/y", "b/x"], cache.Keys().Order());
    }

    [Fact]
    public void Removing_by_key_updates_count_namespace_and_indexes()
    {
        cache.AddIndexer("owner", m => m.Data?["owner"] is { } o ? [o] : []);
        cache.Upsert(Map("a", "x", "1", owner: "o1"));
        cache.Upsert(Map("a", "y", "1", owner: "o1"));
        cache.Upsert(Map(null, "node-1", "1", owner: "o2"));

        Assert.Equal(["x", "y"], cache.ByIndex("owner", "o1").Select(m => m.Metadata.Name).Order());
        Assert.Equal("node-1", Assert.Single(cache.ByIndex("owner", "o2")).Metadata.Name);
        Assert.Equal("node-1", cache.Find(null, "node-1")!.Metadata.Name);

        Assert.Equal("x", cache.Remove("a/x")!.Metadata.Name);
        Assert.Equal("node-1", cache.Remove("node-1")!.Metadata.Name);
        Assert.Null(cache.Remove("a/x"));

        Assert.Equal(1, cache.Count);
        Assert.Equal(["y"], cache.ByIndex("owner", "o1").Select(m => m.Metadata.Name));
        Assert.Empty(cache.ByIndex("owner", "o2"));
        Assert.Equal(["a/y"], cache.Keys());

        // A replaced object moves between index values.
        cache.Upsert(Map("a", "y", "2", owner: "o2"));
        Assert.Empty(cache.ByIndex("owner", "o1"));
        Assert.Equal("2", Assert.Single(cache.ByIndex("owner", "o2")).Metadata.ResourceVersion);
        Assert.Throws<ArgumentException>(() => cache.ByIndex("missing", "v"));
    }

    [Fact]
    public void An_indexer_added_late_indexes_what_is_already_stored()
    {
        cache.Upsert(Map("a", "x", "1", owner: "o1"));
        cache.AddIndexer("owner", m => m.Data?["owner"] is { } o ? [o] : []);
        Assert.Equal("x", Assert.Single(cache.ByIndex("owner", "o1")).Metadata.Name);
    }

    private static V1ConfigMap Map(string? ns, string name, string rv, string? owner = null) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name, ResourceVersion = rv },
        Data = owner is null ? null : new Dictionary<string, string> { ["owner"] = owner },
    };
}
