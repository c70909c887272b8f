using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>Reads and writes <c>metadata.managedFields</c>.</summary>
internal static class ManagedFields
{
    public static List<ManagedFieldsEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray array)
        {
            return entries;
        }

        foreach (var item in array.OfType<JsonObject>())
        {
            var manager = Text(item, "manager");
            var operation = Text(item, "operation");
            if (manager is null || operation is null)
            {
                continue;
            }

            var encoded = item["fieldsV1"] as JsonObject;
            var fields = FieldsV1.Decode(encoded);
            entries.Add(new ManagedFieldsEntry(
                manager, operation, Text(item, "apiVersion") ?? string.Empty, Text(item, "time"), fields, Text(item, "subresource"))
            {
                Encoded = encoded,
                EncodedVersion = fields.Version,
            });
        }

        return entries;
    }

    /// <summary>Sets <c>metadata.managedFields</c> on <paramref name="obj"/>, in kube's order, without empty entries.</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var kept = entries.Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        if (kept.Count == 0)
        {
            metadata.Remove("managedFields");
            return;
        }

        var array = new JsonArray();
        foreach (var entry in kept)
        {
            var item = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
            };
            if (entry.Time is not null)
            {
                item["time"] = entry.Time;
            }

            item["fieldsType"] = "FieldsV1";
            item["fieldsV1"] = entry.EncodeFields();
            if (!string.IsNullOrEmpty(entry.Subresource))
            {
                item["subresource"] = entry.Subresource;
            }

            array.Add(item);
        }

        metadata["managedFields"] = array;
    }

    /// <summary>RFC 3339 at second precision, as metav1.Time serialises.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Text(JsonObject item, string name) =>
        item[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
