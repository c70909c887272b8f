using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Http;

/// <summary>
/// The subset of kubectl's JSONPath that printer columns use: <c>.a.b</c>, <c>.a[0]</c>, escaped dots
/// (<c>.labels.kubernetes\.io/role</c>) and one filter <c>[?(@.type=="Ready")]</c>. Written by hand:
/// no served package implements Kubernetes' JSONPath dialect.
/// </summary>
public static class JsonPathLite
{
    public static JsonNode? Evaluate(JsonNode? root, string path)
    {
        var node = root;
        var i = 0;
        while (node is not null && i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                var name = new System.Text.StringBuilder();
                while (i < path.Length && path[i] != '.' && path[i] != '[')
                {
                    if (path[i] == '\\' && i + 1 < path.Length)
                    {
                        i++;
                    }

                    name.Append(path[i++]);
                }

                node = name.Length == 0 ? node : (node as JsonObject)?[name.ToString()];
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0)
                {
                    return null;
                }

                var inside = path[(i + 1)..end];
                i = end + 1;
                node = inside.StartsWith("?(@.", StringComparison.Ordinal) ? Filter(node as JsonArray, inside) : Index(node as JsonArray, inside);
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    private static JsonNode? Index(JsonArray? array, string text) =>
        array is not null && int.TryParse(text, out var index) && index >= 0 && index < array.Count ? array[index] : null;

    private static JsonNode? Filter(JsonArray? array, string filter)
    {
        // ?(@.field=="value")
        var body = filter[4..^1];
        var eq = body.IndexOf("==", StringComparison.Ordinal);
        if (array is null || eq < 0)
        {
            return null;
        }

        var field = body[..eq];
        var value = body[(eq + 2)..].Trim('"', '\'');
        return array.FirstOrDefault(item => (item as JsonObject)?[field]?.ToString() == value);
    }
}
