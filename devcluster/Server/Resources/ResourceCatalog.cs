using System.Collections.Immutable;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>
/// Every resource the server serves: the built-in kinds plus one entry per served version of each
/// established CRD. Read on every request, changed rarely, so readers see an immutable snapshot.
/// </summary>
public sealed class ResourceCatalog
{
    private ImmutableDictionary<string, ResourceType> byPath = ImmutableDictionary<string, ResourceType>.Empty;
    private long generation;

    public ResourceCatalog()
    {
        foreach (var type in BuiltInResources.All)
        {
            byPath = byPath.SetItem(PathKey(type.Group, type.Version, type.Plural), type);
        }
    }

    /// <summary>Bumped on every change, so OpenAPI and discovery caches know when to rebuild.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public event Action? Changed;

    public IEnumerable<ResourceType> All => byPath.Values;

    public bool TryGet(string group, string version, string plural, out ResourceType type) =>
        byPath.TryGetValue(PathKey(group, version, plural), out type!);

    /// <summary>A served version of the resource stored in <paramref name="storageKey"/> (the preferred one).</summary>
    public bool TryGetByStorageKey(string storageKey, out ResourceType type)
    {
        // The resource whose shape is stored comes before the views of it.
        type = byPath.Values
            .Where(t => StorageKey(t) == storageKey)
            .OrderBy(t => t.GroupResource == storageKey ? 0 : 1)
            .ThenByDescending(t => VersionPriority(t.Version))
            .FirstOrDefault()!;
        return type is not null;
    }

    /// <summary>The storage-level identity: one store table per group and plural, whatever the version (a view's is the table it shows).</summary>
    public static string StorageKey(ResourceType type) => type.StorageConversion?.Table ?? type.GroupResource;

    /// <summary>
    /// Serves resources a module defines without a CRD (for example KubeVirt's subresources.kubevirt.io
    /// group, which a real cluster serves through an aggregated API server). <paramref name="owner"/> names them for replacement.
    /// </summary>
    public void SetModuleResources(string owner, IReadOnlyList<ResourceType> types) =>
        SetCustomResources("module:" + owner, types.Select(t => t with { DefinedBy = "module:" + owner }).ToArray());

    /// <summary>Replaces the resources a CRD defines (none when it is deleted or not yet established).</summary>
    public void SetCustomResources(string crdName, IReadOnlyList<ResourceType> types)
    {
        lock (this)
        {
            var next = byPath.RemoveRange(byPath.Where(kv => kv.Value.DefinedBy == crdName).Select(kv => kv.Key));
            foreach (var type in types)
            {
                var key = PathKey(type.Group, type.Version, type.Plural);
                if (byPath.TryGetValue(key, out var existing) && existing.DefinedBy is null)
                {
                    continue; // a CRD may not shadow a built-in kind
                }

                next = next.SetItem(key, type);
            }

            byPath = next;
            Interlocked.Increment(ref generation);
        }

        Changed?.Invoke();
    }

    /// <summary>Groups with their versions, preferred (first registered) version first, for discovery.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        byPath.Values
            .GroupBy(t => t.Group)
            .OrderBy(g => g.Key.Length == 0 ? string.Empty : g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct().OrderByDescending(VersionPriority).ToArray()))
            .ToArray();

    public IReadOnlyList<ResourceType> InGroupVersion(string group, string version) =>
        byPath.Values.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToArray();

    /// <summary>Kubernetes version priority: GA over beta over alpha, higher numbers first.</summary>
    public static int VersionPriority(string version)
    {
        var match = System.Text.RegularExpressions.Regex.Match(version, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!match.Success)
        {
            return 0;
        }

        var major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = match.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1000 + major) * 1000 + minor;
    }

    private static string PathKey(string group, string version, string plural) => $"{group}/{version}/{plural}";
}
