using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

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
        else if (!SimJson.IsQuantity(storage) || SimJson.Quantity(storage) <= 0)
        {
            yield return FieldError.Invalid("spec.resources.requests[storage]", storage, "must be greater than zero");
        }
    }

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current)
    {
        var oldSpec = Comparable(current, current);
        var newSpec = Comparable(updated, current);
        if (!SimJson.Same(oldSpec, newSpec))
        {
            yield return FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
            yield break;
        }

        var newSize = updated["spec"]?["resources"]?["requests"]?["storage"];
        var oldSize = current["spec"]?["resources"]?["requests"]?["storage"];
        if (newSize is null || oldSize is null || SimJson.Same(newSize, oldSize))
        {
            yield break;
        }

        if (SimJson.Str(current["status"]?["phase"]) != "Bound")
        {
            yield return FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
            yield break;
        }

        if (SimJson.Quantity(newSize) < SimJson.Quantity(oldSize) &&
            SimJson.Quantity(newSize) <= SimJson.Quantity(current["status"]?["capacity"]?["storage"]))
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
        if (string.IsNullOrEmpty(SimJson.Str(current["spec"]?["volumeName"])))
        {
            spec.Remove("volumeName");
        }

        if (string.IsNullOrEmpty(SimJson.Str(current["spec"]?["storageClassName"])))
        {
            spec.Remove("storageClassName");
        }

        return spec;
    }
}
