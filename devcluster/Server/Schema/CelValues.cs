using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// JSON to the values the Cel package evaluates: objects as dictionaries, arrays as lists, integers as long,
/// numbers as double (a <c>type: number</c> field is a double even when written as 1, as in the API server).
/// </summary>
internal static class CelValues
{
    public static object? From(JsonNode? node, SchemaNode? schema) => node switch
    {
        null => null,
        JsonObject obj => FromObject(obj, schema),
        JsonArray array => FromArray(array, schema),
        JsonValue value => FromValue(value, schema),
        _ => null,
    };

    /// <summary>The root object as CEL sees it: metadata reduced to name and generateName.</summary>
    public static object? FromRoot(JsonObject root, SchemaNode schema)
    {
        var result = new Dictionary<string, object?>(root.Count, StringComparer.Ordinal);
        foreach (var (key, child) in root)
        {
            if (key == "metadata" && child is JsonObject metadata)
            {
                var reduced = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var name in (ReadOnlySpan<string>)["name", "generateName"])
                {
                    if (metadata[name] is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        reduced[name] = s;
                    }
                }

                result[key] = reduced;
                continue;
            }

            result[key] = From(child, schema.PropertyOrAdditional(key));
        }

        return result;
    }

    private static Dictionary<string, object?> FromObject(JsonObject obj, SchemaNode? schema)
    {
        var result = new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
        foreach (var (key, child) in obj)
        {
            // A null member reads as absent, so has() is false for it, as for pruned nulls in the API server.
            if (child is not null)
            {
                result[key] = From(child, schema?.PropertyOrAdditional(key));
            }
        }

        return result;
    }

    private static List<object?> FromArray(JsonArray array, SchemaNode? schema)
    {
        var result = new List<object?>(array.Count);
        foreach (var item in array)
        {
            result.Add(From(item, schema?.Items));
        }

        return result;
    }

    private static object? FromValue(JsonValue value, SchemaNode? schema)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (schema?.Type != "number" && JsonNumbers.TryGetInt64(value, out var l))
                {
                    return l;
                }

                return JsonNumbers.GetDouble(value);
            default:
                return null;
        }
    }
}
