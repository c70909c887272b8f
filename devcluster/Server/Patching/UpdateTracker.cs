using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// Managed fields for non-apply writes (create, update, JSON/merge/strategic patch): the fields a write changes move
/// to the writer's <c>Update</c> entry, one per manager and apiVersion; fields it removes leave every entry.
/// </summary>
internal static class UpdateTracker
{
    /// <summary>
    /// Sets <paramref name="after"/>'s managed fields (and returns it), derived from <paramref name="before"/>'s
    /// (null on create). A write that itself changed <c>metadata.managedFields</c> is honoured as kube does:
    /// <c>[{}]</c> clears them, any other new value becomes the starting point.
    /// </summary>
    public static JsonObject Record(JsonObject? before, JsonObject after, string manager, string apiVersion, ListTypeResolver lists, DateTimeOffset now)
    {
        var incoming = after["metadata"]?["managedFields"];
        var previous = before?["metadata"]?["managedFields"];
        if (incoming is JsonArray reset && reset.Count == 1 && reset[0] is JsonObject { Count: 0 })
        {
            ManagedFields.Write(after, []);
            return after;
        }

        // Entries the writer supplied are encoded afresh; those kept from the stored object are reused while unchanged.
        var entries = incoming is not null && !JsonNode.DeepEquals(incoming, previous)
            ? ManagedFields.Read(after).ConvertAll(e => e with { Encoded = null })
            : ManagedFields.Read(before);
        var changed = new FieldSet();
        var removed = new FieldSet();
        if (before is null)
        {
            changed = ObjectFields.Collect(after, lists);
        }
        else
        {
            ObjectFields.Compare(before, after, lists, changed, removed);
        }

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
            var time = ManagedFields.Timestamp(now);
            if (self is null)
            {
                entries.Add(new ManagedFieldsEntry(manager, ManagedFieldsEntry.Update, apiVersion, time, changed));
            }
            else
            {
                foreach (var path in changed)
                {
                    self.Fields.Add(path);
                }

                entries[entries.IndexOf(self)] = self with { Time = time };
            }
        }

        ManagedFields.Write(after, entries);
        return after;
    }
}
