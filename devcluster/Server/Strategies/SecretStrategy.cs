using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>A Secret without a type is Opaque, as the API server defaults it.</summary>
internal sealed class SecretStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj) => obj["type"] ??= "Opaque";

    public void PrepareForUpdate(JsonObject updated, JsonObject current) => updated["type"] ??= current["type"]?.DeepClone() ?? "Opaque";

    public IEnumerable<FieldError> ValidateCreate(JsonObject obj) => [];

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current) => [];
}
