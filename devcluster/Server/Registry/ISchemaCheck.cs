using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Registry;

/// <summary>Applies a custom resource's structural schema: defaults and prunes in place, then validates.</summary>
public interface ISchemaCheck
{
    SchemaOutcome Check(ResourceType type, JsonObject obj, JsonObject? old);
}

/// <param name="UnknownFields">Paths of the fields that were pruned, for example "spec.sise".</param>
/// <param name="Errors">What the schema (and its CEL rules) refuse.</param>
public sealed record SchemaOutcome(IReadOnlyList<string> UnknownFields, IReadOnlyList<FieldError> Errors)
{
    public static SchemaOutcome Ok { get; } = new([], []);
}
