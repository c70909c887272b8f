using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>Walks an object as a <see cref="FieldSet"/> and reads or removes the value at a <see cref="FieldPath"/>.</summary>
internal static class ObjectFields
{
    // Fields the API server sets itself; structured-merge-diff never records them as owned.
    private static readonly HashSet<string> StrippedTopLevel = ["apiVersion", "kind"];
    private static readonly HashSet<string> StrippedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"];

    // The top-level members a comparison leaves out: the stripped ones, and metadata, which it walks on its own.
    private static readonly HashSet<string> TopLevelWalkedApart = [.. StrippedTopLevel, "metadata"];

    /// <summary>
    /// The leaves of <paramref name="obj"/> (scalars, atomic lists, empty maps, set items) and its map-list items.
    /// </summary>
    public static FieldSet Collect(JsonObject obj, ListTypeResolver lists)
    {
        var set = new FieldSet();
        foreach (var (key, value) in obj)
        {
            CollectMember(key, value, lists, set);
        }

        return set;
    }

    /// <summary>
    /// What a write changed, as <see cref="Collect"/> on both objects and a comparison of the leaves they share would
    /// find, in one walk that builds paths only where the objects differ: <paramref name="changed"/> gets the fields of
    /// <paramref name="after"/> that <paramref name="before"/> lacks or holds with another value (a map-list item or
    /// set member present in both is the same item), <paramref name="removed"/> those of before that after lacks.
    /// </summary>
    public static void Compare(JsonObject before, JsonObject after, ListTypeResolver lists, FieldSet changed, FieldSet removed)
    {
        if (before["metadata"] is not JsonObject oldMetadata || after["metadata"] is not JsonObject metadata)
        {
            // Not an object's shape: compare the sets themselves.
            var beforeFields = Collect(before, lists);
            var afterFields = Collect(after, lists);
            FieldSetDiff(beforeFields, afterFields, before, after, changed, removed);
            return;
        }

        var walk = new ComparisonWalk(lists, changed, removed);
        walk.Members(before, after, TopLevelWalkedApart);
        walk.Push('f', "metadata");
        walk.Members(oldMetadata, metadata, StrippedMetadata);
        walk.Pop();
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

    private static void CollectMember(string key, JsonNode? value, ListTypeResolver lists, FieldSet set)
    {
        if (StrippedTopLevel.Contains(key))
        {
            return;
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

            return;
        }

        CollectValue(value, FieldPath.Of("f:" + key), key, lists, set);
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
            case JsonArray array when KeyedList(lists, dotted) is { } schema:
                for (var i = 0; i < array.Count; i++)
                {
                    CollectItem(array[i], path.Append(ItemElement(array[i], schema, dotted, i)), schema, dotted, lists, set);
                }

                break;
            default:
                set.Add(path);
                break;
        }
    }

    private static void CollectItem(JsonNode? item, FieldPath path, ListSchema schema, string dotted, ListTypeResolver lists, FieldSet set)
    {
        set.Add(path);
        if (schema.Type == ListType.Map)
        {
            foreach (var (key, child) in (JsonObject)item!)
            {
                CollectValue(child, path.Append("f:" + key), dotted + "." + key, lists, set);
            }
        }
    }

    /// <summary>The schema of a list whose items are tracked one by one (a set, or a map keyed by fields); null when atomic.</summary>
    private static ListSchema? KeyedList(ListTypeResolver lists, string dotted) =>
        lists(dotted) is { Type: not ListType.Atomic } schema && (schema.Type == ListType.Set || schema.Keys.Count > 0) ? schema : null;

    /// <summary>
    /// <see cref="Compare"/> from two field sets: changed holds the paths new in after, and the shared ones
    /// (other than list items) whose values differ; removed those only in before.
    /// </summary>
    private static void FieldSetDiff(FieldSet beforeFields, FieldSet afterFields, JsonNode? before, JsonNode? after, FieldSet changed, FieldSet removed, int skip = 0)
    {
        foreach (var path in afterFields)
        {
            if (!beforeFields.Contains(path) || (path.Last[0] is not ('k' or 'v') && Differs(before, after, path, skip)))
            {
                changed.Add(path);
            }
        }

        foreach (var path in beforeFields)
        {
            if (!afterFields.Contains(path))
            {
                removed.Add(path);
            }
        }
    }

    private static bool Differs(JsonNode? before, JsonNode? after, FieldPath path, int skip)
    {
        var relative = skip == 0 ? path : FieldPath.Of([.. path.Elements.Skip(skip)]);
        TryGet(before, relative, out var old);
        TryGet(after, relative, out var now);
        return !JsonNode.DeepEquals(old, now);
    }

    /// <summary>
    /// One walk of <see cref="Compare"/>. The path is kept as a stack of (kind, name) pairs (a field name, or a whole list-item element) and spelled out only for a
    /// field that goes into a set, so equal subtrees cost a comparison and no allocation.
    /// </summary>
    private sealed class ComparisonWalk(ListTypeResolver lists, FieldSet changed, FieldSet removed)
    {
        private readonly List<(char Kind, string Name)> path = [];

        public void Push(char kind, string name) => path.Add((kind, name));

        public void Pop() => path.RemoveAt(path.Count - 1);

        /// <summary>
        /// The members of two objects. With <paramref name="skipped"/> (the top: the object, and its metadata) those
        /// members are left out, and a member equal on both sides is skipped whole: most writes change one part, such
        /// as the status.
        /// </summary>
        public void Members(JsonObject before, JsonObject after, HashSet<string>? skipped = null)
        {
            foreach (var (key, value) in after)
            {
                if (skipped?.Contains(key) == true)
                {
                    continue;
                }

                Push('f', key);
                if (!before.TryGetPropertyValue(key, out var old))
                {
                    CollectValue(value, Current(), Dotted(), lists, changed);
                }
                else if (skipped is null || !JsonNode.DeepEquals(old, value))
                {
                    Value(old, value);
                }

                Pop();
            }

            foreach (var (key, old) in before)
            {
                if (skipped?.Contains(key) != true && !after.ContainsKey(key))
                {
                    Push('f', key);
                    CollectValue(old, Current(), Dotted(), lists, removed);
                    Pop();
                }
            }
        }

        private void Value(JsonNode? before, JsonNode? after)
        {
            if (before is JsonObject { Count: > 0 } oldObject && after is JsonObject { Count: > 0 } newObject)
            {
                Members(oldObject, newObject);
                return;
            }

            string? dotted = null;
            ListSchema? schema = null;
            if (before is JsonArray || after is JsonArray)
            {
                dotted = Dotted();
                schema = KeyedList(lists, dotted);
            }

            if (schema is not null && before is JsonArray oldItems && after is JsonArray newItems)
            {
                Items(oldItems, newItems, schema, dotted!);
                return;
            }

            bool IsBranch(JsonNode? node) => node is JsonObject { Count: > 0 } || (node is JsonArray && schema is not null);
            if (!IsBranch(before) && !IsBranch(after))
            {
                if (!JsonNode.DeepEquals(before, after))
                {
                    changed.Add(Current());
                }

                return;
            }

            // A leaf against a branch, or two kinds of branch: their paths have nothing in common.
            var here = Current();
            dotted ??= Dotted();
            CollectValue(after, here, dotted, lists, changed);
            CollectValue(before, here, dotted, lists, removed);
        }

        private void Items(JsonArray before, JsonArray after, ListSchema schema, string dotted)
        {
            var oldIndex = new Dictionary<string, int>(before.Count, StringComparer.Ordinal);
            var newElements = new string[after.Count];
            var duplicates = false;
            for (var i = 0; i < before.Count; i++)
            {
                duplicates |= !oldIndex.TryAdd(ItemElement(before[i], schema, dotted, i), i);
            }

            for (var i = 0; i < after.Count; i++)
            {
                newElements[i] = ItemElement(after[i], schema, dotted, i);
            }

            if (duplicates || newElements.Distinct(StringComparer.Ordinal).Count() != newElements.Length)
            {
                // Items that share a key: compare the sets, as the first matching item is the one a path names.
                var here = Current();
                var oldFields = new FieldSet();
                var newFields = new FieldSet();
                CollectValue(before, here, dotted, lists, oldFields);
                CollectValue(after, here, dotted, lists, newFields);
                FieldSetDiff(oldFields, newFields, before, after, changed, removed, here.Count);
                return;
            }

            for (var i = 0; i < after.Count; i++)
            {
                Push('e', newElements[i]);
                if (!oldIndex.Remove(newElements[i], out var j))
                {
                    CollectItem(after[i], Current(), schema, dotted, lists, changed);
                }
                else if (schema.Type == ListType.Map)
                {
                    Members((JsonObject)before[j]!, (JsonObject)after[i]!);
                }

                Pop();
            }

            foreach (var (element, j) in oldIndex)
            {
                Push('e', element);
                CollectItem(before[j], Current(), schema, dotted, lists, removed);
                Pop();
            }
        }

        private FieldPath Current()
        {
            var elements = new string[path.Count];
            for (var i = 0; i < elements.Length; i++)
            {
                var (kind, name) = path[i];
                elements[i] = kind == 'f' ? "f:" + name : name;
            }

            return FieldPath.Of(elements);
        }

        // The dotted field path list rules are looked up by: field names only, list items add nothing.
        private string Dotted() => string.Join('.', path.Where(e => e.Kind == 'f').Select(e => e.Name));
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
