using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>JSON merge patch (RFC 7386), <c>application/merge-patch+json</c>.</summary>
internal static class JsonMergePatch
{
    /// <summary>Returns <paramref name="target"/> with <paramref name="patch"/> merged in; neither input is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) =>
        patch is JsonObject ? MergeInto(target?.DeepClone(), patch) : patch?.DeepClone();

    // Mutates the owned target; clones only what it takes from the patch.
    private static JsonNode? MergeInto(JsonNode? owned, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = owned as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject && result.TryGetPropertyValue(key, out var current) && current is JsonObject)
            {
                MergeInto(current, value);
            }
            else
            {
                result[key] = MergeInto(null, value);
            }
        }

        return result;
    }
}
