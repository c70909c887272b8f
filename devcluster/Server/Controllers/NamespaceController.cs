using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Controllers;

/// <summary>
/// Empties a namespace that is being deleted: marks it Terminating, deletes everything in it, and
/// removes its "kubernetes" finalizer once nothing is left, which deletes it.
/// </summary>
public sealed class NamespaceController(ResourceRegistry registry) : BuiltInController(registry)
{
    private static readonly WriteOptions SystemWrite = new() { FieldManager = "namespace-controller" };

    public override async Task ResyncAsync(CancellationToken cancellationToken)
    {
        foreach (var item in Registry.Store.List("namespaces").Items)
        {
            await ReconcileAsync(item.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task HandleAsync(StoreEvent e, CancellationToken cancellationToken)
    {
        if (e.Table == "namespaces" && e.Type != StoreEventType.Deleted)
        {
            await ReconcileAsync(e.Item.Name, cancellationToken).ConfigureAwait(false);
        }
        else if (e.Type == StoreEventType.Deleted && e.Item.Namespace.Length > 0)
        {
            await ReconcileAsync(e.Item.Namespace, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        if (!Registry.Catalog.TryGet(string.Empty, "v1", "namespaces", out var namespaces))
        {
            return;
        }

        var stored = Registry.Store.Get("namespaces", string.Empty, name);
        if (stored is null)
        {
            return;
        }

        var ns = ResourceRegistry.Parse(stored);
        if (!ObjectMeta.IsDeleting(ns))
        {
            return;
        }

        if ((string?)ns["status"]?["phase"] != "Terminating")
        {
            ns["status"] = new JsonObject { ["phase"] = "Terminating" };
            await TryAsync(() => Registry.UpdateAsync(namespaces, string.Empty, name, ns, "status", SystemWrite, cancellationToken)).ConfigureAwait(false);
        }

        var remaining = 0;
        foreach (var table in Registry.Store.Tables())
        {
            if (!Registry.Catalog.TryGetByStorageKey(table, out var type) || !type.Namespaced)
            {
                continue;
            }

            foreach (var item in Registry.Store.List(table, name).Items)
            {
                remaining++;
                await TryAsync(() => Registry.DeleteAsync(type, name, item.Name, DeleteOptions.Default, cancellationToken)).ConfigureAwait(false);
            }
        }

        if (remaining == 0)
        {
            var current = Registry.GetObject(namespaces, string.Empty, name);
            if (current["spec"] is JsonObject spec)
            {
                spec.Remove("finalizers");
            }

            await TryAsync(() => Registry.UpdateAsync(namespaces, string.Empty, name, current, null, SystemWrite, cancellationToken)).ConfigureAwait(false);
        }
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Someone else got there first; the next event brings us back.
        }
    }
}
