using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Controllers;

/// <summary>
/// Serves what CustomResourceDefinitions define: registers their served versions in the catalog, sets
/// the NamesAccepted and Established conditions, and on deletion removes every instance before letting
/// the CRD go (the customresourcecleanup finalizer).
/// </summary>
public sealed class CrdController(ResourceRegistry registry) : BuiltInController(registry)
{
    public const string Table = "customresourcedefinitions.apiextensions.k8s.io";
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    private static readonly WriteOptions SystemWrite = new() { FieldManager = "apiextensions-apiserver" };

    public override async Task ResyncAsync(CancellationToken cancellationToken)
    {
        foreach (var item in Registry.Store.List(Table).Items)
        {
            await ReconcileAsync(item.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Establishes one CRD now (used at start, so the CRDs applied then are served before the API opens).</summary>
    public Task EstablishAsync(string name, CancellationToken cancellationToken) => ReconcileAsync(name, cancellationToken);

    protected override async Task HandleAsync(StoreEvent e, CancellationToken cancellationToken)
    {
        if (e.Table == Table)
        {
            if (e.Type == StoreEventType.Deleted)
            {
                Registry.Catalog.SetCustomResources(e.Item.Name, []);
            }
            else
            {
                await ReconcileAsync(e.Item.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (e.Type == StoreEventType.Deleted && Registry.Store.Get(Table, string.Empty, e.Table) is { Deleting: true } crd)
        {
            // An instance of a terminating CRD went away (its table is named like its CRD): the CRD may now be empty.
            await ReconcileAsync(crd.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        var stored = Registry.Store.Get(Table, string.Empty, name);
        if (stored is null || !Registry.Catalog.TryGet("apiextensions.k8s.io", "v1", "customresourcedefinitions", out var crdType))
        {
            return;
        }

        var crd = ResourceRegistry.Parse(stored);
        var types = CustomResourceTypes.From(crd);
        if (!ObjectMeta.IsDeleting(crd))
        {
            Registry.Catalog.SetCustomResources(name, types);
            await MarkEstablishedAsync(crdType, crd, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Terminating: delete the instances, then let the CRD go.
        var table = types.Count > 0 ? ResourceCatalog.StorageKey(types[0]) : name;
        var instances = Registry.Store.List(table).Items;
        foreach (var item in instances)
        {
            try
            {
                await Registry.DeleteAsync(types[0], item.Namespace, item.Name, DeleteOptions.Default, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
            }
        }

        if (instances.Count == 0 && ObjectMeta.Finalizers(crd).Contains(CleanupFinalizer))
        {
            ObjectMeta.SetFinalizers(crd, ObjectMeta.Finalizers(crd).Where(f => f != CleanupFinalizer).ToArray());
            try
            {
                await Registry.UpdateAsync(crdType, string.Empty, name, crd, null, SystemWrite, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
            }
        }
    }

    private async Task MarkEstablishedAsync(ResourceType crdType, JsonObject crd, CancellationToken cancellationToken)
    {
        var conditions = crd["status"]?["conditions"] as JsonArray;
        if (conditions?.Any(c => (string?)c?["type"] == "Established" && (string?)c?["status"] == "True") == true
            && JsonNode.DeepEquals(crd["status"]?["acceptedNames"], crd["spec"]?["names"]))
        {
            return;
        }

        var now = ObjectMeta.Timestamp(Registry.Time.GetUtcNow());
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = crd["spec"]?["names"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray((crd["spec"]?["versions"] as JsonArray ?? [])
                .Where(v => v?["storage"] is JsonValue s && s.GetValue<bool>())
                .Select(v => (JsonNode?)JsonValue.Create((string?)v?["name"]))
                .ToArray()),
        };
        try
        {
            await Registry.UpdateAsync(crdType, string.Empty, ObjectMeta.Name(crd), crd, "status", SystemWrite, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
