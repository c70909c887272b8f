using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>The registry's patch engine: the patchers, with list rules from the built-in table or the CRD's schema.</summary>
internal sealed class RegistryPatchEngine(TimeProvider time) : IPatchEngine
{
    private readonly IPatcher patcher = new Patcher();
    private readonly ConditionalWeakTable<ResourceType, ListTypeResolver> resolvers = [];

    public JsonObject Apply(ResourceType type, PatchType patchType, JsonObject? live, string body, WriteOptions options)
    {
        try
        {
            return patcher.Patch(patchType, live, Encoding.UTF8.GetBytes(body), Context(type, options));
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.Reason, e.Message)
            {
                Causes = e.Causes.Select(c => new StatusCause(c.Reason, c.Message, c.Field)).ToArray(),
            };
        }
    }

    public JsonObject TrackUpdate(ResourceType type, JsonObject? old, JsonObject updated, WriteOptions options) =>
        patcher.Update(old, updated, Context(type, options));

    private PatchContext Context(ResourceType type, WriteOptions options) =>
        new(type.Group, type.Kind, type.GroupVersion, options.FieldManager, Lists(type)) { Force = options.Force, Time = time };

    private ListTypeResolver Lists(ResourceType type) =>
        resolvers.GetValue(type, t => t.IsCustom ? SchemaListTypes.From(t.Schema) : BuiltinListTypes.For(t.Group, t.Kind));
}
