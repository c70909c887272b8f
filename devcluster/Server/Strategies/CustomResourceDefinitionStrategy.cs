using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Controllers;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>CRD rules: the name is plural.group, status starts empty, and instances are cleaned up on deletion.</summary>
internal sealed class CustomResourceDefinitionStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
        obj.Remove("status");
        var finalizers = ObjectMeta.Finalizers(obj);
        if (!finalizers.Contains(CrdController.CleanupFinalizer))
        {
            finalizers.Add(CrdController.CleanupFinalizer);
        }

        ObjectMeta.SetFinalizers(obj, finalizers);
    }

    public void PrepareForUpdate(JsonObject updated, JsonObject current)
    {
    }

    public IEnumerable<FieldError> ValidateCreate(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var group = (string?)spec?["group"];
        var plural = (string?)spec?["names"]?["plural"];
        if (string.IsNullOrEmpty(group))
        {
            yield return FieldError.Required("spec.group");
        }

        if (string.IsNullOrEmpty(plural))
        {
            yield return FieldError.Required("spec.names.plural");
        }

        if (string.IsNullOrEmpty((string?)spec?["names"]?["kind"]))
        {
            yield return FieldError.Required("spec.names.kind");
        }

        var name = ObjectMeta.Name(obj);
        if (!string.IsNullOrEmpty(group) && !string.IsNullOrEmpty(plural) && name != $"{plural}.{group}")
        {
            yield return FieldError.Invalid("metadata.name", JsonValue.Create(name), "must be spec.names.plural+\".\"+spec.group");
        }

        if (spec?["versions"] is not JsonArray { Count: > 0 })
        {
            yield return FieldError.Required("spec.versions", "must have exactly one version marked as storage version");
        }
    }

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current)
    {
        foreach (var field in new[] { "group", "scope" })
        {
            if (!JsonNode.DeepEquals(updated["spec"]?[field], current["spec"]?[field]))
            {
                yield return FieldError.Invalid($"spec.{field}", updated["spec"]?[field], "field is immutable");
            }
        }
    }
}
