using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// JSON patch (RFC 6902), <c>application/json-patch+json</c>, with the semantics and error texts of
/// gopkg.in/evanphx/json-patch.v4, which kube 1.32 uses: negative array indices count from the end, <c>replace</c>
/// of a missing object member adds it, errors read "add operation does not apply: doc is missing path: ...".
/// Every failure to apply is a 422 whose Status.message is the generic kube text (see <see cref="PatchException"/>).
/// </summary>
internal static class JsonPatch
{
    /// <summary>kube's maxJSONPatchOperations.</summary>
    public const int MaxOperations = 10000;

    private const string Missing = "missing value";
    private const string InvalidIndex = "invalid index referenced";

    /// <summary>Parses a patch document; a body that is not a JSON array of objects is a 400.</summary>
    public static JsonArray Parse(ReadOnlySpan<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest(e.Message);
        }

        return Validate(node);
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="document"/>.</summary>
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        var operations = Validate(patch);
        var root = document.DeepClone();
        foreach (var operation in operations)
        {
            var error = ApplyOne(root, (JsonObject)operation!);
            if (error is not null)
            {
                throw PatchException.Unprocessable(error);
            }
        }

        return root;
    }

    private static JsonArray Validate(JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            var kind = patch is JsonObject ? "object" : patch?.GetValueKind().ToString().ToLowerInvariant() ?? "null";
            throw PatchException.BadRequest($"json: cannot unmarshal {kind} into Go value of type jsonpatch.Patch");
        }

        if (operations.Count > MaxOperations)
        {
            throw PatchException.TooManyOperations(MaxOperations, operations.Count);
        }

        foreach (var operation in operations)
        {
            if (operation is not JsonObject item)
            {
                throw PatchException.BadRequest("json: cannot unmarshal " + (operation?.GetValueKind().ToString().ToLowerInvariant() ?? "null") + " into Go value of type jsonpatch.Operation");
            }

            try
            {
                _ = item.Count; // materialises the members: duplicate names (RFC 6902 A.13) throw here
            }
            catch (ArgumentException e)
            {
                throw PatchException.BadRequest("invalid JSON patch operation: " + e.Message);
            }
        }

        return operations;
    }

    // Returns the evanphx error text, or null on success.
    private static string? ApplyOne(JsonNode root, JsonObject op)
    {
        var kind = op["op"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "unknown";
        var path = String(op, "path");
        var from = String(op, "from");
        var hasValue = op.TryGetPropertyValue("value", out var value);
        switch (kind)
        {
            case "add":
            {
                if (path is null) return $"add operation failed to decode path: {Missing}";
                var parent = Find(root, path, out var key);
                if (parent is null) return $"add operation does not apply: doc is missing path: \"{path}\": {Missing}";
                var err = Add(parent, key, value?.DeepClone());
                return err is null ? null : $"error in add for path: '{path}': {err}";
            }

            case "remove":
            {
                if (path is null) return $"remove operation failed to decode path: {Missing}";
                var parent = Find(root, path, out var key);
                if (parent is null) return $"remove operation does not apply: doc is missing path: \"{path}\": {Missing}";
                var err = Remove(parent, key);
                return err is null ? null : $"error in remove for path: '{path}': {err}";
            }

            case "replace":
            {
                if (path is null) return $"replace operation failed to decode path: {Missing}";
                var parent = Find(root, path, out var key);
                if (parent is null) return $"replace operation does not apply: doc is missing path: {path}: {Missing}";
                if (Get(parent, key, out _) is not null) return $"replace operation does not apply: doc is missing key: {path}: {Missing}";
                Set(parent, key, value?.DeepClone());
                return null;
            }

            case "move":
            {
                if (from is null) return $"move operation failed to decode from: {Missing}";
                var source = Find(root, from, out var fromKey);
                if (source is null) return $"move operation does not apply: doc is missing from path: {from}: {Missing}";
                var err = Get(source, fromKey, out var moved) ?? Remove(source, fromKey);
                if (err is not null) return $"error in move for path: '{fromKey}': {err}";
                if (path is null) return $"move operation failed to decode path: {Missing}";
                var target = Find(root, path, out var key);
                if (target is null) return $"move operation does not apply: doc is missing destination path: {path}: {Missing}";
                err = Add(target, key, moved);
                return err is null ? null : $"error in move for path: '{path}': {err}";
            }

            case "copy":
            {
                if (from is null) return $"copy operation failed to decode from: {Missing}";
                var source = Find(root, from, out var fromKey);
                if (source is null) return $"copy operation does not apply: doc is missing from path: {from}: {Missing}";
                var err = Get(source, fromKey, out var copied);
                if (err is not null) return $"error in copy for from: '{from}': {err}";
                if (path is null) return $"copy operation failed to decode path: {Missing}";
                var target = Find(root, path, out var key);
                if (target is null) return $"copy operation does not apply: doc is missing destination path: {path}: {Missing}";
                err = Add(target, key, copied?.DeepClone());
                return err is null ? null : $"error while adding value during copy: {err}";
            }

            case "test":
            {
                if (path is null) return $"test operation failed to decode path: {Missing}";
                var parent = Find(root, path, out var key);
                if (parent is null) return $"test operation does not apply: is missing path: {path}: {Missing}";
                var err = Get(parent, key, out var actual);
                if (err is not null) return $"error in test for path: '{path}': {err}";

                // evanphx treats a JSON null member like a missing one, and a missing "value" like null.
                var passed = actual is null ? value is null : hasValue && JsonNode.DeepEquals(actual, value);
                return passed ? null : $"testing value {path} failed: test failed";
            }

            default:
                return $"Unexpected kind: {kind}";
        }
    }

    private static string? String(JsonObject op, string name) =>
        op[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // evanphx findObject: split on "/", walk all but the last token; a root path ("") has no parent.
    private static JsonNode? Find(JsonNode root, string path, out string key)
    {
        key = string.Empty;
        var parts = path.Split('/');
        if (parts.Length < 2)
        {
            return null;
        }

        var current = root;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (Get(current, JsonPointer.Unescape(parts[i]), out var next) is not null || next is not (JsonObject or JsonArray))
            {
                return null;
            }

            current = next;
        }

        key = JsonPointer.Unescape(parts[^1]);
        return current;
    }

    private static string? Get(JsonNode container, string key, out JsonNode? value)
    {
        value = null;
        if (container is JsonObject obj)
        {
            obj.TryGetPropertyValue(key, out value);
            return null;
        }

        var array = (JsonArray)container;
        if (!TryIndex(key, out var index, out var error)) return error;
        if (index >= array.Count || index < 0) return $"Unable to access invalid index: {index}: {InvalidIndex}";
        value = array[index];
        return null;
    }

    private static void Set(JsonNode container, string key, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[key] = value;
        }
        else
        {
            ((JsonArray)container)[int.Parse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)] = value;
        }
    }

    private static string? Add(JsonNode container, string key, JsonNode? value)
    {
        if (value?.Parent is not null)
        {
            value = value.DeepClone();
        }

        if (container is JsonObject obj)
        {
            obj[key] = value;
            return null;
        }

        var array = (JsonArray)container;
        if (key == "-")
        {
            array.Add(value);
            return null;
        }

        if (!TryIndex(key, out var index, out var error)) return $"value was not a proper array index: '{key}': {error}";
        var size = array.Count + 1;
        if (index >= size || index < -size) return $"Unable to access invalid index: {index}: {InvalidIndex}";
        array.Insert(index < 0 ? index + size : index, value);
        return null;
    }

    private static string? Remove(JsonNode container, string key)
    {
        if (container is JsonObject obj)
        {
            return obj.Remove(key) ? null : $"Unable to remove nonexistent key: {key}: {Missing}";
        }

        var array = (JsonArray)container;
        if (!TryIndex(key, out var index, out var error)) return error;
        if (index >= array.Count || index < -array.Count) return $"Unable to access invalid index: {index}: {InvalidIndex}";
        array.RemoveAt(index < 0 ? index + array.Count : index);
        return null;
    }

    // Go's strconv.Atoi, with its error text.
    private static bool TryIndex(string key, out int index, out string error)
    {
        error = string.Empty;
        if (int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
        {
            return true;
        }

        error = key.Length > 0 && key.TrimStart('+', '-').All(char.IsAsciiDigit) && key.TrimStart('+', '-').Length > 0
            ? $"strconv.Atoi: parsing \"{key}\": value out of range"
            : $"strconv.Atoi: parsing \"{key}\": invalid syntax";
        return false;
    }
}
