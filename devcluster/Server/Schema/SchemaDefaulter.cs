using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// Applies <c>default</c> values as apiextensions-apiserver does: an absent property of an existing object
/// (or a null in a non-nullable one) gets a deep copy of its default, and the walk then descends into the
/// (possibly just defaulted) values, so nested defaults apply too. Only subtrees with defaults are visited.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Default(JsonNode? node, SchemaNode schema, bool isRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                DefaultObject(obj, schema, isRoot);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && !items.Nullable && items.Default is not null)
                    {
                        array[i] = items.Default.DeepClone();
                    }

                    Default(array[i], items, false);
                }

                break;
        }
    }

    private static void DefaultObject(JsonObject obj, SchemaNode schema, bool isRoot)
    {
        foreach (var (name, property) in schema.OrderedProperties)
        {
            if (property.Default is null)
            {
                continue;
            }

            if (!obj.TryGetPropertyValue(name, out var value) || (value is null && !property.Nullable))
            {
                obj[name] = property.Default.DeepClone();
            }
        }

        if (schema.AdditionalProperties is { Default: not null, Nullable: false } additional)
        {
            List<string>? keys = null;
            foreach (var (key, value) in obj)
            {
                if (value is null && !schema.Properties.ContainsKey(key))
                {
                    (keys ??= []).Add(key);
                }
            }

            foreach (var key in keys ?? [])
            {
                obj[key] = additional.Default!.DeepClone();
            }
        }

        foreach (var (key, value) in obj)
        {
            if (value is null || (isRoot && key == "metadata"))
            {
                continue;
            }

            if (schema.PropertyOrAdditional(key) is { HasDefaultsBelow: true } child)
            {
                Default(value, child, false);
            }
        }
    }
}
