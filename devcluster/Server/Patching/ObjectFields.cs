using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>Walks an object as a <see cref="FieldSet"/> and reads or removes the value at a <see cref="FieldPath"/>.</summary>
internal static class ObjectFields
{
    // Fields the API server sets itself; structured-merge-diff never records them as owned.
    private static readonly HashSet<string> StrippedTopLevel = ["apiVersion", "kind"];
    private static readonly HashSet<string> StrippedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>
    /// The leaves of <paramref name="obj"/> (scalars, atomic lists, empty maps, set items) and its map-list items.
    /// </summary>
    public static FieldSet Collect(JsonObject obj, ListTypeResolver lists)
    {
        var set = new FieldSet();
        foreach (var (key, value) in obj)
        {
            if (StrippedTopLevel.Contains(key))
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (metaKey, metaValue) in metadata)
                {
                    if (!StrippedMetadata.Contains(metaKey))
                    {
                        CollectValue(metaValue, FieldPath.Of("f:metadata", "f:" + metaKey), "metadata." + metaKey, lists, set);
                    }
                }

                continue;
            }

            CollectValue(value, FieldPath.Of("f:" + key), key, lists, set);
        }

        return set;
    }

    /// <summary>The FieldsV1 element naming <paramref name="item"/> of a list with <paramref name="schema"/>.</summary>
    public static string ItemElement(JsonNode? item, ListSchema schema, string dottedPath, int index)
    {
        if (schema.Type == ListType.Set)
        {
            return "v:" + FieldsV1.Json(item);
        }

        var keys = new JsonObject();
        foreach (var name in schema.Keys.Order(StringComparer.Ordinal))
        {
            if (item is not JsonObject o || !o.TryGetPropertyValue(name, out var key) || key is null)
            {
                throw PatchException.Unprocessable(
                    $".{dottedPath}: element {index}: associative list with keys has an element that omits key field \"{name}\" (and doesn't have default value)");
            }

            keys[name] = key.DeepClone();
        }

        return "k:" + FieldsV1.Json(keys);
    }

    public static bool TryGet(JsonNode? root, FieldPath path, out JsonNode? value)
    {
        value = root;
        foreach (var element in path.Elements)
        {
            if (!TryStep(value, element, out var next, out _))
            {
                value = null;
                return false;
            }

            value = next;
        }

        return true;
    }

    /// <summary>Removes the field or list item at <paramref name="path"/>; a path that is already gone is fine.</summary>
    public static void Remove(JsonNode root, FieldPath path)
    {
        if (path.Count == 0)
        {
            return;
        }

        var parentPath = FieldPath.Of([.. path.Elements.Take(path.Count - 1)]);
        if (!TryGet(root, parentPath, out var parent) || !TryStep(parent, path.Last, out _, out var index))
        {
            return;
        }

        if (parent is JsonObject obj)
        {
            obj.Remove(path.Last[2..]);
        }
        else if (parent is JsonArray array)
        {
            array.RemoveAt(index);
        }
    }

    private static void CollectValue(JsonNode? value, FieldPath path, string dotted, ListTypeResolver lists, FieldSet set)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, child) in obj)
                {
                    CollectValue(child, path.Append("f:" + key), dotted + "." + key, lists, set);
                }

                break;
            case JsonArray array when lists(dotted) is { Type: not ListType.Atomic } schema && (schema.Type == ListType.Set || schema.Keys.Count > 0):
                for (var i = 0; i < array.Count; i++)
                {
                    var item = path.Append(ItemElement(array[i], schema, dotted, i));
                    set.Add(item);
                    if (schema.Type == ListType.Map)
                    {
                        foreach (var (key, child) in (JsonObject)array[i]!)
                        {
                            CollectValue(child, item.Append("f:" + key), dotted + "." + key, lists, set);
                        }
                    }
                }

                break;
            default:
                set.Add(path);
                break;
        }
    }

    private static bool TryStep(JsonNode? node, string element, out JsonNode? next, out int index)
    {
        next = null;
        index = -1;
        switch (element[0])
        {
            case 'f' when node is JsonObject obj:
                return obj.TryGetPropertyValue(element[2..], out next);
            case 'k' when node is JsonArray array:
                var keys = (JsonObject)JsonNode.Parse(element[2..])!;
                index = FindIndex(array, item => item is JsonObject o && keys.All(k => JsonNode.DeepEquals(o[k.Key], k.Value)));
                break;
            case 'v' when node is JsonArray array:
                var wanted = JsonNode.Parse(element[2..]);
                index = FindIndex(array, item => JsonNode.DeepEquals(item, wanted));
                break;
            case 'i' when node is JsonArray array:
                index = int.TryParse(element.AsSpan(2), out var i) && i < array.Count ? i : -1;
                break;
        }

        if (index < 0 || node is not JsonArray list)
        {
            return false;
        }

        next = list[index];
        return true;
    }

    private static int FindIndex(JsonArray array, Func<JsonNode?, bool> match)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (match(array[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
