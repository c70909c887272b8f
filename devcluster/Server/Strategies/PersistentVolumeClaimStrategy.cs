using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>
/// The API server's update rules for claims (Kubernetes 1.32, RecoverVolumeExpansionFailure on by default): the
/// spec of a bound claim is immutable except its requests, and a request may shrink only while it stays above
/// status.capacity (to recover from a failed expansion). Register under "persistentvolumeclaims".
/// </summary>
internal sealed class PersistentVolumeClaimStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
    }

    public void PrepareForUpdate(JsonObject updated, JsonObject current)
    {
    }

    public IEnumerable<FieldError> ValidateCreate(JsonObject obj)
    {
        if (obj["spec"]?["accessModes"] is not JsonArray { Count: > 0 })
        {
            yield return FieldError.Required("spec.accessModes", "at least 1 access mode is required");
        }

        if (obj["spec"]?["resources"]?["requests"]?["storage"] is not { } storage)
        {
            yield return FieldError.Required("spec.resources[storage]", string.Empty);
        }
        else if (!IsQuantity(storage) || Bytes(storage) <= 0)
        {
            yield return FieldError.Invalid("spec.resources.requests[storage]", storage, "must be greater than zero");
        }
    }

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current)
    {
        var oldSpec = Comparable(current, current);
        var newSpec = Comparable(updated, current);
        if (!JsonNode.DeepEquals(oldSpec, newSpec))
        {
            yield return FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
            yield break;
        }

        var newSize = updated["spec"]?["resources"]?["requests"]?["storage"];
        var oldSize = current["spec"]?["resources"]?["requests"]?["storage"];
        if (newSize is null || oldSize is null || JsonNode.DeepEquals(newSize, oldSize))
        {
            yield break;
        }

        if (Text(current["status"]?["phase"]) != "Bound")
        {
            yield return FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
            yield break;
        }

        if (Bytes(newSize) < Bytes(oldSize) &&
            Bytes(newSize) <= Bytes(current["status"]?["capacity"]?["storage"]))
        {
            yield return FieldError.Forbidden("spec.resources.requests.storage", "field can not be less than status.capacity");
        }
    }

    /// <summary>The spec without what may change: requests, the attributes class, and a volumeName the binder sets once.</summary>
    private static JsonNode? Comparable(JsonObject obj, JsonObject current)
    {
        if (obj["spec"]?.DeepClone() is not JsonObject spec)
        {
            return null;
        }

        (spec["resources"] as JsonObject)?.Remove("requests");
        spec.Remove("volumeAttributesClassName");
        if (string.IsNullOrEmpty(Text(current["spec"]?["volumeName"])))
        {
            spec.Remove("volumeName");
        }

        if (string.IsNullOrEmpty(Text(current["spec"]?["storageClassName"])))
        {
            spec.Remove("storageClassName");
        }

        return spec;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsQuantity(JsonNode? node) => node is JsonValue v && Schema.Quantity.TryParse(v.ToString(), out _);

    private static decimal Bytes(JsonNode? node, decimal fallback = 0) =>
        node is JsonValue v && Schema.Quantity.TryParse(v.ToString(), out var q) ? q!.Value : fallback;
}
