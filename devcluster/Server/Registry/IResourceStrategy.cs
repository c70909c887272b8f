using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>What a built-in kind does beyond the common rules (the API server's per-kind strategy).</summary>
public interface IResourceStrategy
{
    void PrepareForCreate(JsonObject obj);

    void PrepareForUpdate(JsonObject updated, JsonObject current);

    IEnumerable<FieldError> ValidateCreate(JsonObject obj);

    IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current);
}
