using System.Text.Json.Nodes;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// An RFC 6902 patch of "add" operations, built against the object it will apply to. Written by hand because it is
/// a list of {op, path, value} with RFC 6901 escaping ("~" is "~0", "/" is "~1", as in annotation keys); the tests
/// apply it with Microsoft.AspNetCore.JsonPatch to check it.
/// </summary>
internal sealed class JsonPatch
{
    private readonly List<JsonObject> operations = [];

    public bool IsEmpty => operations.Count == 0;

    public int Count => operations.Count;

    /// <summary>Adds <paramref name="value"/> at the path made of <paramref name="segments"/> (each escaped here).</summary>
    public JsonPatch Add(JsonNode? value, params string[] segments)
    {
        operations.Add(new JsonObject { ["op"] = "add", ["path"] = Pointer(segments), ["value"] = value?.DeepClone() });
        return this;
    }

    public string ToJson() => new JsonArray([.. operations.Select(o => (JsonNode)o.DeepClone())]).ToJsonString();

    /// <summary>An RFC 6901 JSON pointer: "/" then each segment with "~" as "~0" and "/" as "~1" (in that order).</summary>
    public static string Pointer(params string[] segments) =>
        string.Concat(segments.Select(s => "/" + s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
}
