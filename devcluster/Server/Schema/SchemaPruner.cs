using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// Removes what the schema does not declare, as apiextensions-apiserver's pruning does, and collects each
/// removed field's path (<c>spec.storage.sise</c>, <c>spec.disks[0].bus2</c>) for fieldValidation Strict/Warn.
/// Also drops nulls in non-nullable fields without a default (PruneNonNullableNullsWithoutDefaults): the API
/// server treats them as absent.
/// </summary>
internal static class SchemaPruner
{
    public static void Prune(JsonObject root, SchemaNode schema, FieldPathBuilder path, List<string> unknown) =>
        PruneObject(root, schema, path, unknown, isRoot: true);

    private static void Prune(JsonNode? node, SchemaNode schema, FieldPathBuilder path, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(obj, schema, path, unknown, isRoot: false);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject or JsonArray)
                    {
                        var mark = path.PushIndex(i);
                        Prune(array[i], items, path, unknown);
                        path.Restore(mark);
                    }
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, SchemaNode schema, FieldPathBuilder path, List<string> unknown, bool isRoot)
    {
        List<string>? remove = null;
        foreach (var (key, value) in obj)
        {
            // apiVersion, kind and metadata of the resource (and of embedded resources) are the caller's.
            if ((isRoot || schema.EmbeddedResource) && key is "apiVersion" or "kind" or "metadata" && !schema.Properties.ContainsKey(key))
            {
                continue;
            }

            if (isRoot && key == "metadata")
            {
                continue;
            }

            var child = schema.PropertyOrAdditional(key);
            if (child is null)
            {
                if (!schema.PreserveUnknownFields)
                {
                    (remove ??= []).Add(key);
                    unknown.Add(path.Child(key));
                }

                continue;
            }

            if (value is null)
            {
                if (!child.Nullable && child.Default is null)
                {
                    (remove ??= []).Add(key);
                }

                continue;
            }

            if (value is JsonObject or JsonArray)
            {
                var mark = path.PushField(key);
                Prune(value, child, path, unknown);
                path.Restore(mark);
            }
        }

        if (remove is not null)
        {
            foreach (var key in remove)
            {
                obj.Remove(key);
            }
        }
    }
}
