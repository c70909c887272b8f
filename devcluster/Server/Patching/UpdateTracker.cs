using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// Managed fields for non-apply writes (create, update, JSON/merge/strategic patch): the fields a write changes move
/// to the writer's <c>Update</c> entry, one per manager and apiVersion; fields it removes leave every entry.
/// </summary>
internal static class UpdateTracker
{
    /// <summary>
    /// Returns a copy of <paramref name="after"/> with managed fields derived from <paramref name="before"/>'s
    /// (null on create). A write that itself changed <c>metadata.managedFields</c> is honoured as kube does:
    /// <c>[{}]</c> clears them, any other new value becomes the starting point.
    /// </summary>
    public static JsonObject Record(JsonObject? before, JsonObject after, string manager, string apiVersion, ListTypeResolver lists, DateTimeOffset now)
    {
        var result = (JsonObject)after.DeepClone();
        var incoming = after["metadata"]?["managedFields"];
        var previous = before?["metadata"]?["managedFields"];
        if (incoming is JsonArray reset && reset.Count == 1 && reset[0] is JsonObject { Count: 0 })
        {
            ManagedFields.Write(result, []);
            return result;
        }

        var entries = incoming is not null && !JsonNode.DeepEquals(incoming, previous) ? ManagedFields.Read(after) : ManagedFields.Read(before);
        var afterFields = ObjectFields.Collect(after, lists);
        var beforeFields = before is null ? new FieldSet() : ObjectFields.Collect(before, lists);

        // A status write leaves the spec as it was: its fields need no leaf-by-leaf comparison.
        var same = before is null ? null : UnchangedParts(before, after);
        var changed = afterFields.Where(p => !beforeFields.Contains(p) || (!same!.Contains(Part(p)) && Differs(before!, after, p))).ToList();
        var removed = beforeFields.Where(p => !afterFields.Contains(p)).ToList();

        var self = entries.Find(e => e.SameOwner(manager, ManagedFieldsEntry.Update, apiVersion));
        foreach (var entry in entries)
        {
            foreach (var path in removed)
            {
                entry.Fields.Remove(path);
            }

            if (!ReferenceEquals(entry, self))
            {
                foreach (var path in changed)
                {
                    entry.Fields.Remove(path);
                }
            }
        }

        if (changed.Count > 0)
        {
            var fields = self?.Fields ?? new FieldSet();
            foreach (var path in changed)
            {
                fields.Add(path);
            }

            entries.Remove(self!);
            entries.Add(new ManagedFieldsEntry(manager, ManagedFieldsEntry.Update, apiVersion, ManagedFields.Timestamp(now), fields));
        }

        ManagedFields.Write(result, entries);
        return result;
    }

    /// <summary>The top-level fields, and metadata's fields, that are the same before and after (as <see cref="Part"/> names them).</summary>
    private static HashSet<string> UnchangedParts(JsonObject before, JsonObject after)
    {
        var same = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in after)
        {
            if (key == "metadata" && value is JsonObject metadata && before["metadata"] is JsonObject oldMetadata)
            {
                foreach (var (metaKey, metaValue) in metadata)
                {
                    if (oldMetadata.TryGetPropertyValue(metaKey, out var old) && JsonNode.DeepEquals(old, metaValue))
                    {
                        same.Add("f:metadata/f:" + metaKey);
                    }
                }
            }
            else if (before.TryGetPropertyValue(key, out var old) && JsonNode.DeepEquals(old, value))
            {
                same.Add("f:" + key);
            }
        }

        return same;
    }

    private static string Part(FieldPath path) =>
        path.Elements[0] == "f:metadata" && path.Count > 1 ? "f:metadata/" + path.Elements[1] : path.Elements[0];

    private static bool Differs(JsonObject before, JsonObject after, FieldPath path)
    {
        if (path.Last[0] is 'k' or 'v')
        {
            return false;
        }

        ObjectFields.TryGet(before, path, out var old);
        ObjectFields.TryGet(after, path, out var now);
        return !JsonNode.DeepEquals(old, now);
    }
}
