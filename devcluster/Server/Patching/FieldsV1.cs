using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// The FieldsV1 encoding of a <see cref="FieldSet"/>: a trie of <c>f:</c>/<c>k:</c>/<c>v:</c>/<c>i:</c> keys where an
/// empty object is an owned leaf and <c>"."</c> marks an owned node that also has owned children.
/// </summary>
internal static class FieldsV1
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON without HTML escaping, as the key and value elements are written.</summary>
    public static string Json(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    public static FieldSet Decode(JsonObject? fields)
    {
        var set = new FieldSet();
        if (fields is not null)
        {
            Walk(fields, FieldPath.Root, set);
        }

        return set;
    }

    public static JsonObject Encode(FieldSet set)
    {
        var root = new JsonObject();
        foreach (var path in set.OrderBy(p => p.Count))
        {
            var node = root;
            foreach (var element in path.Elements)
            {
                if (node[element] is not JsonObject child)
                {
                    child = [];
                    node[element] = child;
                }

                node = child;
            }

            if (node.Count > 0)
            {
                node["."] = new JsonObject();
            }
        }

        // A member that later gained children needs its "." marker.
        foreach (var path in set)
        {
            var node = root;
            foreach (var element in path.Elements)
            {
                node = (JsonObject)node[element]!;
            }

            if (node.Count > 0 && !node.ContainsKey("."))
            {
                node["."] = new JsonObject();
            }
        }

        return Sort(root);
    }

    private static void Walk(JsonObject node, FieldPath path, FieldSet set)
    {
        foreach (var (key, value) in node)
        {
            if (key == ".")
            {
                set.Add(path);
                continue;
            }

            var child = path.Append(key);
            if (value is JsonObject children && children.Count > 0)
            {
                Walk(children, child, set);
            }
            else
            {
                set.Add(child);
            }
        }
    }

    // Go marshals the trie with sorted keys; "." sorts first.
    private static JsonObject Sort(JsonObject node)
    {
        var sorted = new JsonObject();
        foreach (var key in node.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList())
        {
            var child = (JsonObject)node[key]!;
            node.Remove(key);
            sorted[key] = Sort(child);
        }

        return sorted;
    }
}
