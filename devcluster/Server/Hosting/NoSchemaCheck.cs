using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Hosting;

/// <summary>Accepts everything: for built-in kinds, which carry no structural schema here.</summary>
internal sealed class NoSchemaCheck : ISchemaCheck
{
    public SchemaOutcome Check(ResourceType type, JsonObject obj, JsonObject? old) => SchemaOutcome.Ok;
}
