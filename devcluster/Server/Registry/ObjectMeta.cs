using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>Reads and writes metadata fields of a JSON object.</summary>
public static class ObjectMeta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        return metadata;
    }

    public static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? string.Empty;

    public static string Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"] ?? string.Empty;

    public static string? ResourceVersion(JsonObject obj) => (string?)obj["metadata"]?["resourceVersion"];

    public static string? Uid(JsonObject obj) => (string?)obj["metadata"]?["uid"];

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray a ? a.Select(f => (string?)f).OfType<string>().ToList() : [];

    public static void SetFinalizers(JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        var metadata = Of(obj);
        if (finalizers.Count == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static long Generation(JsonObject obj) => obj["metadata"]?["generation"] is JsonValue v && v.TryGetValue<long>(out var g) ? g : 0;
}
