using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// Creates the objects of <see cref="SimulationOptions.SeedManifests"/> once the CRDs are served: the hook for data that
/// stays out of the repository (the common cluster instancetypes and preferences in ../shared).
/// </summary>
internal sealed class SeedManifestsModule(SimulationOptions options) : IDevClusterModule
{
    public async Task StartAsync(DevClusterContext context, CancellationToken cancellationToken)
    {
        foreach (var file in options.SeedManifests)
        {
            var documents = YamlJson.ReadAll(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
            foreach (var obj in documents.OfType<JsonObject>().SelectMany(Flatten))
            {
                await CreateAsync(context.Registry, obj, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates one object (apiVersion/kind decide its type); an existing one is left as it is.</summary>
    public static async Task CreateAsync(ResourceRegistry registry, JsonObject obj, CancellationToken cancellationToken)
    {
        var apiVersion = SimJson.Str(obj["apiVersion"]) ?? "v1";
        var kind = SimJson.Str(obj["kind"]);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var type = registry.Catalog.All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind && t.DefinedBy?.StartsWith("module:", StringComparison.Ordinal) != true)
            ?? throw new InvalidOperationException($"no served resource for {apiVersion} {kind}");
        var ns = type.Namespaced ? (ObjectMeta.Namespace(obj) is { Length: > 0 } n ? n : "default") : string.Empty;
        try
        {
            await registry.CreateAsync(type, ns, obj, new WriteOptions { FieldManager = "devcluster-seed" }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409)
        {
        }
    }

    private static IEnumerable<JsonObject> Flatten(JsonObject obj) =>
        SimJson.Str(obj["kind"])?.EndsWith("List", StringComparison.Ordinal) == true && obj["items"] is JsonArray items
            ? items.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone())
            : [obj];
}
