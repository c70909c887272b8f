// Server-side apply (application/apply-patch+yaml), modelled on structured-merge-diff v4 as kube 1.32 runs it.
//
// Simplifications, on purpose:
// - Ownership is tracked at leaf granularity: scalars, atomic lists, empty maps, set items and map-list items
//   (the "." of a k: element). Maps are never owned as a whole (kube owns granular maps such as labels with "."; we
//   keep such markers when decoding but never create them).
// - No version conversion: managed fields of every apiVersion are compared as they are written.
// - A conflict is a leaf another manager owns whose live value differs from the applied one; a leaf the applier
//   sets where another manager owns only something beneath it is not reported.
// - Fields removed because their last owner stopped applying them leave their (possibly empty) parent maps behind.
// - No reset strategies (status vs spec by subresource), no cap of ten Update entries, no "before-first-apply"
//   adoption of objects created without managed fields: the caller strips what its endpoint must not change.
// - A list's type comes from the caller's ListTypeResolver; untyped lists are atomic.
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>Server-side apply with managed fields.</summary>
internal static class ServerSideApply
{
    /// <summary>
    /// Applies <paramref name="applied"/> (the full configuration <paramref name="manager"/> wants) to
    /// <paramref name="live"/> (null to create). Returns a new object whose <c>metadata.managedFields</c> records the
    /// applier as the owner of every applied field. Throws a 409 <see cref="PatchException"/> listing conflicts unless
    /// <paramref name="force"/> is set, in which case the conflicting fields change owner.
    /// </summary>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, ListTypeResolver lists, DateTimeOffset now)
    {
        var apiVersion = applied["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
        var entries = ManagedFields.Read(live);
        var previous = entries.Find(e => e.SameOwner(manager, ManagedFieldsEntry.Apply, apiVersion));
        var others = entries.Where(e => !ReferenceEquals(e, previous)).ToList();
        var appliedFields = ObjectFields.Collect(applied, lists);

        var conflicts = FindConflicts(live, applied, appliedFields, others);
        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        foreach (var (owner, path) in conflicts)
        {
            owner.Fields.Remove(path);
        }

        var result = live is null ? [] : (JsonObject)live.DeepClone();

        // Fields this manager applied before and leaves out now go, unless someone else still holds them.
        if (previous is not null)
        {
            foreach (var path in previous.Fields.Where(p => !appliedFields.Contains(p)).OrderByDescending(p => p.Count).ToList())
            {
                if (!others.Any(o => o.Fields.ContainsPrefix(path)))
                {
                    ObjectFields.Remove(result, path);
                }
            }
        }

        Merge(result, applied, string.Empty, lists);

        others.Add(new ManagedFieldsEntry(manager, ManagedFieldsEntry.Apply, apiVersion, ManagedFields.Timestamp(now), appliedFields));
        ManagedFields.Write(result, others);
        return result;
    }

    private static List<(ManagedFieldsEntry Owner, FieldPath Path)> FindConflicts(
        JsonObject? live, JsonObject applied, FieldSet appliedFields, List<ManagedFieldsEntry> others)
    {
        var conflicts = new List<(ManagedFieldsEntry, FieldPath)>();
        if (live is null)
        {
            return conflicts;
        }

        foreach (var owner in others)
        {
            foreach (var path in owner.Fields.Where(appliedFields.Contains))
            {
                // A list item or set member present on both sides is the same item: nothing to disagree about.
                if (path.Last[0] is 'k' or 'v')
                {
                    continue;
                }

                ObjectFields.TryGet(live, path, out var liveValue);
                ObjectFields.TryGet(applied, path, out var appliedValue);
                if (!JsonNode.DeepEquals(liveValue, appliedValue))
                {
                    conflicts.Add((owner, path));
                }
            }
        }

        return conflicts;
    }

    // getConflictMessage in k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go.
    private static PatchException Conflict(List<(ManagedFieldsEntry Owner, FieldPath Path)> conflicts)
    {
        var ordered = conflicts
            .OrderBy(c => c.Owner.Display, StringComparer.Ordinal)
            .ThenBy(c => c.Path.ToString(), StringComparer.Ordinal)
            .ToList();
        var causes = ordered
            .Select(c => new PatchCause("FieldManagerConflict", $"conflict with {c.Owner.Display}", c.Path.ToString()))
            .ToList();
        string message;
        if (ordered.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {ordered[0].Owner.Display}: {ordered[0].Path}";
        }
        else
        {
            var lines = ordered.GroupBy(c => c.Owner.Display, StringComparer.Ordinal)
                .SelectMany(g => new[] { $"conflicts with {g.Key}:" }.Concat(g.Select(c => $"- {c.Path}")));
            message = $"Apply failed with {ordered.Count} conflicts: {string.Join("\n", lines)}";
        }

        return PatchException.ApplyConflict(message, causes);
    }

    // Applied values win; maps merge per key, map lists per key, sets by value, anything else is replaced.
    private static void Merge(JsonObject target, JsonObject applied, string path, ListTypeResolver lists)
    {
        foreach (var (key, value) in applied)
        {
            var childPath = path.Length == 0 ? key : path + "." + key;
            target.TryGetPropertyValue(key, out var current);
            if (value is JsonObject appliedMap && appliedMap.Count > 0 && current is JsonObject currentMap)
            {
                Merge(currentMap, appliedMap, childPath, lists);
            }
            else if (value is JsonArray appliedList && current is JsonArray currentList && lists(childPath) is { Type: not ListType.Atomic } schema
                && (schema.Type == ListType.Set || schema.Keys.Count > 0))
            {
                MergeList(currentList, appliedList, schema, childPath, lists);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static void MergeList(JsonArray current, JsonArray applied, ListSchema schema, string path, ListTypeResolver lists)
    {
        for (var i = 0; i < applied.Count; i++)
        {
            var element = ObjectFields.ItemElement(applied[i], schema, path, i);
            var existing = -1;
            for (var j = 0; j < current.Count && existing < 0; j++)
            {
                if (ObjectFields.ItemElement(current[j], schema, path, j) == element)
                {
                    existing = j;
                }
            }

            if (existing < 0)
            {
                current.Add(applied[i]?.DeepClone());
            }
            else if (schema.Type == ListType.Map)
            {
                Merge((JsonObject)current[existing]!, (JsonObject)applied[i]!, path, lists);
            }
        }
    }
}
