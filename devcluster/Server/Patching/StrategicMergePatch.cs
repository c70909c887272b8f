using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>), the apply half of
/// k8s.io/apimachinery/pkg/util/strategicpatch driven by a <see cref="ListTypeResolver"/> instead of Go struct tags.
/// Maps merge recursively and <c>null</c> deletes; <c>$patch: replace|delete|merge</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList/&lt;field&gt;</c> and <c>$setElementOrder/&lt;field&gt;</c> are honoured; map lists merge
/// by their first key, set lists are unioned, other lists are replaced.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
    private const string SetElementOrder = "$setElementOrder/";

    /// <summary>
    /// Kube only knows the patch strategies of compiled-in types; custom resources answer 415 (see
    /// <see cref="PatchException.UnsupportedMediaType"/>).
    /// </summary>
    public static bool IsSupported(string group, string kind) => BuiltinListTypes.IsBuiltin(group, kind);

    /// <summary>Returns <paramref name="original"/> with <paramref name="patch"/> applied; neither input is changed.</summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, ListTypeResolver lists) =>
        MergeMap((JsonObject)original.DeepClone(), patch, string.Empty, lists) ?? [];

    // Merges patch into the owned target; returns null when the map is to be deleted.
    private static JsonObject? MergeMap(JsonObject target, JsonObject patch, string path, ListTypeResolver lists)
    {
        switch (Directive(patch))
        {
            case null or "merge":
                break;
            case "delete":
                return null;
            case "replace":
                var replacement = (JsonObject)patch.DeepClone();
                replacement.Remove(PatchDirective);
                return replacement;
            case var other:
                throw PatchException.Internal($"unknown patch type: {other} in map: {patch.ToJsonString()}");
        }

        ApplyRetainKeys(target, patch);

        // Deletions from primitive lists come first: they act on the original list.
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                if (value is not JsonArray doomed)
                {
                    throw PatchException.BadRequest("Invalid patch format of primitive list");
                }

                if (target[key[DeleteFromPrimitiveList.Length..]] is JsonArray list)
                {
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        if (doomed.Any(d => JsonNode.DeepEquals(d, list[i])))
                        {
                            list.RemoveAt(i);
                        }
                    }
                }
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key is PatchDirective or RetainKeys || key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                if (value is not JsonArray)
                {
                    throw PatchException.BadRequest("invalid patch format of setElementOrder list");
                }

                var field = key[SetElementOrder.Length..];
                if (!patch.ContainsKey(field) && target[field] is JsonArray existing)
                {
                    // Only the order changes.
                    target[field] = MergeList(Detach(existing), [], (JsonArray)value, Child(path, field), lists);
                }

                continue;
            }

            var childPath = Child(path, key);
            target.TryGetPropertyValue(key, out var current);
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject patchMap:
                    var merged = MergeMap(current as JsonObject ?? [], patchMap, childPath, lists);
                    if (merged is null)
                    {
                        target.Remove(key);
                    }
                    else if (!ReferenceEquals(merged, current))
                    {
                        target[key] = merged;
                    }

                    break;
                case JsonArray patchList:
                    var order = patch[SetElementOrder + key] as JsonArray;
                    target[key] = MergeList(current is JsonArray list ? Detach(list) : [], patchList, order, childPath, lists);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }

        return target;
    }

    private static void ApplyRetainKeys(JsonObject target, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeys, out var retain))
        {
            return;
        }

        if (retain is not JsonArray retained || retained.Any(k => k is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            throw PatchException.BadRequest("invalid patch format of retainKeys");
        }

        var keep = retained.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        if (patch.Select(p => p.Key).Any(k => !k.StartsWith('$') && !keep.Contains(k)))
        {
            throw PatchException.Unprocessable("patch content doesn't match retainKeys list");
        }

        foreach (var key in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
        {
            target.Remove(key);
        }
    }

    private static JsonArray MergeList(List<JsonNode?> original, JsonArray patch, JsonArray? order, string path, ListTypeResolver lists)
    {
        var schema = lists(path) ?? ListSchema.Atomic;
        if (schema.Type == ListType.Atomic || (schema.Type == ListType.Map && schema.Keys.Count == 0))
        {
            return (JsonArray)patch.DeepClone();
        }

        if (patch.Any(p => p is JsonArray) || original.Any(o => o is JsonArray))
        {
            throw PatchException.Unprocessable("Lists of lists are not supported");
        }

        if (schema.Type == ListType.Map)
        {
            var mergeKey = schema.Keys[0];
            if (patch.OfType<JsonObject>().Any(p => Directive(p) == "replace"))
            {
                return new JsonArray(patch.OfType<JsonObject>().Where(p => Directive(p) != "replace").Select(p => (JsonNode?)MergeMap([], p, path, lists)).ToArray());
            }

            var merged = new List<JsonNode?>(original);
            foreach (var item in patch)
            {
                if (item is not JsonObject patchItem)
                {
                    throw PatchException.Internal($"expected a map, but received a {item?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}");
                }

                var key = KeyOf(patchItem, mergeKey);
                var index = merged.FindIndex(m => m is JsonObject o && JsonNode.DeepEquals(o[mergeKey], key));
                if (Directive(patchItem) == "delete")
                {
                    merged.RemoveAll(m => m is JsonObject o && JsonNode.DeepEquals(o[mergeKey], key));
                    continue;
                }

                var result = MergeMap(index >= 0 ? (JsonObject)merged[index]! : [], patchItem, path, lists);
                if (index >= 0 && result is null)
                {
                    merged.RemoveAt(index);
                }
                else if (index >= 0)
                {
                    merged[index] = result;
                }
                else if (result is not null)
                {
                    merged.Add(result);
                }
            }

            var patchOrder = order ?? new JsonArray(patch.OfType<JsonObject>().Where(p => Directive(p) != "delete").Select(p => (JsonNode?)p.DeepClone()).ToArray());
            return Normalize(merged, original, patchOrder, n => n is JsonObject o ? o[mergeKey] : null);
        }

        // Set: union, keeping the first occurrence.
        var union = new List<JsonNode?>(original);
        foreach (var item in patch)
        {
            if (!union.Any(u => JsonNode.DeepEquals(u, item)))
            {
                union.Add(item?.DeepClone());
            }
        }

        return Normalize(union, original, order ?? patch, n => n);
    }

    // strategicpatch normalizeElementOrder: items the patch names follow the patch's (or $setElementOrder's) order;
    // the rest keep their server positions, merged in as mergeSortedSlice does.
    private static JsonArray Normalize(List<JsonNode?> merged, List<JsonNode?> serverOrder, JsonArray patchOrder, Func<JsonNode?, JsonNode?> identity)
    {
        int IndexIn(IEnumerable<JsonNode?> list, JsonNode? item)
        {
            var id = identity(item);
            var i = 0;
            foreach (var candidate in list)
            {
                if (JsonNode.DeepEquals(identity(candidate), id))
                {
                    return i;
                }

                i++;
            }

            return -1;
        }

        var left = merged.Where(m => IndexIn(patchOrder, m) >= 0).OrderBy(m => IndexIn(patchOrder, m)).ToList();
        var right = merged.Where(m => IndexIn(patchOrder, m) < 0).ToList();
        var result = new JsonArray();
        int l = 0, r = 0;
        while (l < left.Count || r < right.Count)
        {
            bool takeLeft;
            if (l >= left.Count)
            {
                takeLeft = false;
            }
            else if (r >= right.Count)
            {
                takeLeft = true;
            }
            else
            {
                var li = IndexIn(serverOrder, left[l]);
                var ri = IndexIn(serverOrder, right[r]);
                takeLeft = li >= 0 && ri >= 0 && li < ri;
            }

            var next = takeLeft ? left[l++] : right[r++];
            result.Add(next?.Parent is null ? next : next.DeepClone());
        }

        return result;
    }

    private static JsonNode KeyOf(JsonObject item, string mergeKey) =>
        item.TryGetPropertyValue(mergeKey, out var key) && key is not null
            ? key
            : throw PatchException.Internal($"map: {item.ToJsonString()} does not contain declared merge key: {mergeKey}");

    private static string? Directive(JsonObject map) =>
        map.TryGetPropertyValue(PatchDirective, out var d) && d is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<JsonNode?> Detach(JsonArray array)
    {
        var items = array.ToList();
        array.Clear();
        return items;
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
