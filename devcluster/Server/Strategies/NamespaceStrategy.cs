using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>A new namespace is Active and carries the "kubernetes" finalizer that empties it on deletion.</summary>
internal sealed class NamespaceStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray(Finalizers.Namespace) };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public void PrepareForUpdate(JsonObject updated, JsonObject current)
    {
    }

    public IEnumerable<FieldError> ValidateCreate(JsonObject obj) => [];

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current) => [];
}
