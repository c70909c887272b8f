using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>Reads the metadata fields the store indexes.</summary>
internal static class ObjectMetadataReader
{
    public static (string Namespace, string Name, string Uid, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Owners, bool Deleting, IReadOnlyList<string> Finalizers) Read(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        var ns = (string?)metadata?["namespace"] ?? string.Empty;
        var name = (string?)metadata?["name"] ?? string.Empty;
        var uid = (string?)metadata?["uid"] ?? string.Empty;
        IReadOnlyDictionary<string, string> labels = metadata?["labels"] is JsonObject l && l.Count > 0
            ? l.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal)
            : EmptyLabels;
        IReadOnlyList<string> owners = metadata?["ownerReferences"] is JsonArray refs && refs.Count > 0
            ? refs.Select(r => (string?)r?["uid"]).OfType<string>().ToArray()
            : [];
        IReadOnlyList<string> finalizers = metadata?["finalizers"] is JsonArray f && f.Count > 0
            ? f.Select(x => (string?)x).OfType<string>().ToArray()
            : [];
        return (ns, name, uid, labels, owners, metadata?["deletionTimestamp"] is not null, finalizers);
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
}
