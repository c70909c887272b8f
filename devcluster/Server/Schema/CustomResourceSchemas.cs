using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Schema;

/// <summary>
/// The registry's schema check: each custom resource version's structural schema, parsed once (a CRD
/// change makes a new ResourceType, so the cache follows it); built-in kinds pass unchecked.
/// </summary>
internal sealed class CustomResourceSchemas : ISchemaCheck
{
    private readonly ConditionalWeakTable<ResourceType, StructuralSchema> parsed = [];

    public SchemaOutcome Check(ResourceType type, JsonObject obj, JsonObject? old)
    {
        if (type.Schema is null)
        {
            return SchemaOutcome.Ok;
        }

        var schema = parsed.GetValue(type, t => StructuralSchema.Parse(t.Schema!));
        var result = schema.Admit(obj, old);
        return result.UnknownFields.Count == 0 && result.Errors.Count == 0 ? SchemaOutcome.Ok : new SchemaOutcome(result.UnknownFields, result.Errors);
    }
}
