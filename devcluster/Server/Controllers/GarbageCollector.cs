using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Controllers;

/// <summary>
/// Owner-reference garbage collection, as kube-controller-manager does it: when an owner is gone its
/// dependents are deleted (background); an owner deleted in the foreground waits, with the
/// foregroundDeletion finalizer, until its dependents are gone; an orphaning delete strips the owner
/// reference from the dependents first.
/// </summary>
public sealed class GarbageCollector(ResourceRegistry registry) : BuiltInController(registry)
{
    private static readonly WriteOptions SystemWrite = new() { FieldManager = "garbage-collector" };

    public override async Task ResyncAsync(CancellationToken cancellationToken)
    {
        foreach (var table in Registry.Store.Tables())
        {
            foreach (var item in Registry.Store.List(table).Items)
            {
                await ExamineAsync(table, item, cancellationToken).ConfigureAwait(false);
                if (item.OwnerUids.Count > 0)
                {
                    await CollectIfOrphanedAsync(table, item, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    protected override async Task HandleAsync(StoreEvent e, CancellationToken cancellationToken)
    {
        if (e.Type == StoreEventType.Deleted)
        {
            await CollectDependentsAsync(e.Item.Uid, foreground: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ExamineAsync(e.Table, e.Item, cancellationToken).ConfigureAwait(false);
        }

        // A dependent that went away may be the last one a foreground owner waited for.
        foreach (var owner in (e.Previous ?? e.Item).OwnerUids)
        {
            await FinishForegroundAsync(owner, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExamineAsync(string table, StoredObject item, CancellationToken cancellationToken)
    {
        // Only objects being deleted need a look, and the store knows which they are without parsing them.
        if (item.Uid.Length == 0 || !item.Deleting || !Registry.Catalog.TryGetByStorageKey(table, out var type))
        {
            return;
        }

        var finalizers = item.Finalizers;
        if (finalizers.Contains(Finalizers.Orphan))
        {
            foreach (var (depTable, dependent) in Registry.Store.Dependents(item.Uid))
            {
                await RemoveOwnerReferenceAsync(depTable, dependent, item.Uid, cancellationToken).ConfigureAwait(false);
            }

            await RemoveFinalizerAsync(type, item, Finalizers.Orphan, cancellationToken).ConfigureAwait(false);
        }
        else if (finalizers.Contains(Finalizers.Foreground))
        {
            await CollectDependentsAsync(item.Uid, foreground: true, cancellationToken).ConfigureAwait(false);
            await FinishForegroundAsync(item.Uid, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CollectDependentsAsync(string ownerUid, bool foreground, CancellationToken cancellationToken)
    {
        foreach (var (table, dependent) in Registry.Store.Dependents(ownerUid))
        {
            if (foreground)
            {
                await DeleteAsync(table, dependent, PropagationPolicy.Foreground, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CollectIfOrphanedAsync(table, dependent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes a dependent whose owners are all gone; one with a live owner left loses only the dead references.</summary>
    private async Task CollectIfOrphanedAsync(string table, StoredObject dependent, CancellationToken cancellationToken)
    {
        var alive = dependent.OwnerUids.Where(OwnerExists).ToList();
        if (alive.Count == dependent.OwnerUids.Count)
        {
            return;
        }

        if (alive.Count == 0)
        {
            await DeleteAsync(table, dependent, PropagationPolicy.Background, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var dead in dependent.OwnerUids.Except(alive))
            {
                await RemoveOwnerReferenceAsync(table, dependent, dead, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FinishForegroundAsync(string ownerUid, CancellationToken cancellationToken)
    {
        var owner = FindByUid(ownerUid);
        if (owner is not { } found || !found.Object.Finalizers.Contains(Finalizers.Foreground))
        {
            return;
        }

        var blocking = Registry.Store.Dependents(ownerUid).Any(d => BlocksOwner(d.Object, ownerUid));
        if (!blocking && Registry.Catalog.TryGetByStorageKey(found.Table, out var type))
        {
            await RemoveFinalizerAsync(type, found.Object, Finalizers.Foreground, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool BlocksOwner(StoredObject dependent, string ownerUid)
    {
        var refs = ResourceRegistry.Parse(dependent)["metadata"]?["ownerReferences"] as JsonArray;
        return refs?.Any(r => (string?)r?["uid"] == ownerUid && r?["blockOwnerDeletion"] is JsonValue b && b.GetValue<bool>()) ?? false;
    }

    private bool OwnerExists(string uid) => FindByUid(uid) is not null;

    private (string Table, StoredObject Object)? FindByUid(string uid) => Registry.Store.FindByUid(uid);

    private async Task DeleteAsync(string table, StoredObject item, PropagationPolicy propagation, CancellationToken cancellationToken)
    {
        if (!Registry.Catalog.TryGetByStorageKey(table, out var type))
        {
            return;
        }

        try
        {
            await Registry.DeleteAsync(type, item.Namespace, item.Name, new DeleteOptions { Propagation = propagation }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    private async Task RemoveOwnerReferenceAsync(string table, StoredObject item, string ownerUid, CancellationToken cancellationToken)
    {
        if (!Registry.Catalog.TryGetByStorageKey(table, out var type))
        {
            return;
        }

        await Mutate(type, item, obj =>
        {
            if (ObjectMeta.Of(obj)["ownerReferences"] is JsonArray refs)
            {
                foreach (var r in refs.Where(r => (string?)r?["uid"] == ownerUid).ToArray())
                {
                    refs.Remove(r);
                }

                if (refs.Count == 0)
                {
                    ObjectMeta.Of(obj).Remove("ownerReferences");
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task RemoveFinalizerAsync(ResourceType type, StoredObject item, string finalizer, CancellationToken cancellationToken) =>
        Mutate(type, item, obj => ObjectMeta.SetFinalizers(obj, ObjectMeta.Finalizers(obj).Where(f => f != finalizer).ToArray()), cancellationToken);

    private async Task Mutate(ResourceType type, StoredObject item, Action<JsonObject> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                var obj = Registry.GetObject(type, item.Namespace, item.Name);
                change(obj);
                await Registry.UpdateAsync(type, item.Namespace, item.Name, obj, null, SystemWrite, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
            catch (ApiException e) when (e.Code == 404)
            {
                return;
            }
        }
    }
}
