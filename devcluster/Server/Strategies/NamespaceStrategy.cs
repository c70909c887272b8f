using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>
/// A new namespace is Active and carries the "kubernetes" finalizer that empties it on deletion; like the API server
/// (since 1.21), every namespace is labelled kubernetes.io/metadata.name=&lt;its name&gt;, which namespaceSelectors rely on.
/// </summary>
internal sealed class NamespaceStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray(Finalizers.Namespace) };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        LabelWithName(obj);
    }

    public void PrepareForUpdate(JsonObject updated, JsonObject current) => LabelWithName(updated);

    private static void LabelWithName(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata || (string?)metadata["name"] is not { Length: > 0 } name)
        {
            return;
        }

        if (metadata["labels"] is not JsonObject labels)
        {
            metadata["labels"] = labels = [];
        }

        labels[NameLabel] = name;
    }

    public const string NameLabel = "kubernetes.io/metadata.name";

    public IEnumerable<FieldError> ValidateCreate(JsonObject obj) => [];

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current) => [];
}
