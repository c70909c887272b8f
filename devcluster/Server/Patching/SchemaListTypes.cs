using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>The list rules a CRD's structural schema declares (x-kubernetes-list-type and -list-map-keys), by field path.</summary>
internal static class SchemaListTypes
{
    public static ListTypeResolver From(JsonNode? schema)
    {
        var lists = new Dictionary<string, ListSchema>(StringComparer.Ordinal);
        Walk(schema as JsonObject, string.Empty, lists);
        var frozen = lists.ToFrozenDictionary(StringComparer.Ordinal);
        return BuiltinListTypes.WithMetadata(path => frozen.GetValueOrDefault(path));
    }

    private static void Walk(JsonObject? node, string path, Dictionary<string, ListSchema> lists)
    {
        if (node is null)
        {
            return;
        }

        if ((string?)node["type"] == "array")
        {
            var listType = (string?)node["x-kubernetes-list-type"];
            if (listType == "map")
            {
                lists[path] = ListSchema.Map((node["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => (string?)k).OfType<string>().ToArray());
            }
            else if (listType == "set")
            {
                lists[path] = ListSchema.Set;
            }

            Walk(node["items"] as JsonObject, path, lists);
            return;
        }

        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk(child as JsonObject, path.Length == 0 ? name : $"{path}.{name}", lists);
            }
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            Walk(additional, path, lists);
        }
    }
}
