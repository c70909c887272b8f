using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// The external provisioner and the resizer of the simulated storage: a claim of a devcluster class binds to a new
/// PersistentVolume when the class's pool has room, a grown claim is expanded after a delay, and the volume of a
/// deleted claim is reclaimed (Delete).
/// </summary>
internal sealed class PersistentVolumeClaimController(ResourceRegistry registry, TimeProvider time, SimulationOptions options, Disks.IDiskFiles files)
    : ReconcileLoop(registry, time)
{
    private const string Component = "devcluster.io/hostpath";
    private static readonly WriteOptions Write = new() { FieldManager = "csi-provisioner" };

    private readonly Dictionary<string, DateTimeOffset> resizingSince = [];

    protected override bool Watches(string table) => table is "persistentvolumeclaims" or "persistentvolumes" or "storageclasses.storage.k8s.io";

    protected override async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var pvcType = SimTypes.Pvcs(Registry);
        var pvType = SimTypes.Pvs(Registry);
        var classes = Registry.List(SimTypes.StorageClasses(Registry), null, ListOptions.Default).Items.Select(ResourceRegistry.Parse)
            .ToDictionary(ObjectMeta.Name, StringComparer.Ordinal);
        var claims = Registry.List(pvcType, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();
        var volumes = Registry.List(pvType, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();

        // Reclaim volumes whose claim is gone.
        var claimUids = claims.Select(ObjectMeta.Uid).ToHashSet(StringComparer.Ordinal);
        bool Orphan(JsonObject v) => SimJson.Str(v["spec"]?["claimRef"]?["uid"]) is { } uid && !claimUids.Contains(uid);
        foreach (var pv in volumes.Where(Orphan).ToList())
        {
            await DeleteQuietlyAsync(pvType, pv, cancellationToken).ConfigureAwait(false);
            await files.DeleteAsync(ObjectMeta.Name(pv), cancellationToken).ConfigureAwait(false);
        }

        volumes.RemoveAll(Orphan);

        // Each class's pool usage and the volumes by name, kept current as claims bind, instead of a scan per claim.
        // A volume's expansion is not counted until the next pass, as the volumes read at the start of the pass say.
        var used = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        void Track(JsonObject pv)
        {
            if (SimJson.Str(pv["spec"]?["storageClassName"]) is { } pool)
            {
                used[pool] = used.GetValueOrDefault(pool) + SimJson.Quantity(pv["spec"]?["capacity"]?["storage"]);
            }

            byName.TryAdd(ObjectMeta.Name(pv), pv);
        }

        foreach (var pv in volumes)
        {
            Track(pv);
        }

        foreach (var pvc in claims.Where(c => !ObjectMeta.IsDeleting(c)))
        {
            var className = SimJson.Str(pvc["spec"]?["storageClassName"]) ?? DefaultClass(classes);
            if (className is null || !classes.TryGetValue(className, out var sc))
            {
                if (className is not null && SimJson.Str(pvc["status"]?["phase"]) != "Bound")
                {
                    await SetPendingAsync(pvcType, pvc, cancellationToken).ConfigureAwait(false);
                    await SimEvents.RecordAsync(Registry, pvc, "Warning", "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found", "persistentvolume-controller", cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (SimJson.Str(sc["provisioner"]) != StorageModule.Provisioner)
            {
                continue;
            }

            var capacity = SimJson.Quantity(sc["metadata"]?["annotations"]?[StorageModule.CapacityAnnotation]);
            var inUse = used.GetValueOrDefault(className);
            var asked = SimJson.Quantity(pvc["spec"]?["resources"]?["requests"]?["storage"]);
            var volumeName = SimJson.Str(pvc["spec"]?["volumeName"]);
            if (string.IsNullOrEmpty(volumeName))
            {
                if (inUse + asked > capacity)
                {
                    await SetPendingAsync(pvcType, pvc, cancellationToken).ConfigureAwait(false);
                    var message = $"failed to provision volume with StorageClass \"{className}\": rpc error: code = ResourceExhausted desc = insufficient capacity in pool: " +
                        $"requested {SimJson.FormatBytes(asked)}, free {SimJson.FormatBytes(Math.Max(0, capacity - inUse))}";
                    await SimEvents.RecordAsync(Registry, pvc, "Warning", "ProvisioningFailed", message, Component, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Track(await BindAsync(pvcType, pvType, pvc, className, asked, cancellationToken).ConfigureAwait(false));
                continue;
            }

            await ExpandAsync(pvcType, pvType, pvc, byName.GetValueOrDefault(volumeName), capacity - inUse, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? DefaultClass(Dictionary<string, JsonObject> classes) =>
        classes.Values.FirstOrDefault(c => SimJson.Str(c["metadata"]?["annotations"]?[StorageModule.DefaultClassAnnotation]) == "true") is { } d ? ObjectMeta.Name(d) : null;

    private async Task<JsonObject> BindAsync(Resources.ResourceType pvcType, Resources.ResourceType pvType, JsonObject pvc, string className, decimal size, CancellationToken cancellationToken)
    {
        var uid = ObjectMeta.Uid(pvc)!;
        var pvName = "pvc-" + uid;
        var accessModes = pvc["spec"]?["accessModes"]?.DeepClone() ?? new JsonArray("ReadWriteOnce");
        var storage = SimJson.Str(pvc["spec"]?["resources"]?["requests"]?["storage"]) ?? SimJson.FormatBytes(size);
        var pv = Registry.Store.Get("persistentvolumes", string.Empty, pvName) is { } existing
            ? ResourceRegistry.Parse(existing)
            : (await Registry.CreateAsync(pvType, string.Empty, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = pvName,
                    ["annotations"] = new JsonObject { ["pv.kubernetes.io/provisioned-by"] = StorageModule.Provisioner },
                    ["finalizers"] = new JsonArray("kubernetes.io/pv-protection"),
                },
                ["spec"] = new JsonObject
                {
                    ["capacity"] = new JsonObject { ["storage"] = storage },
                    ["accessModes"] = accessModes.DeepClone(),
                    ["persistentVolumeReclaimPolicy"] = "Delete",
                    ["storageClassName"] = className,
                    ["volumeMode"] = SimJson.Str(pvc["spec"]?["volumeMode"]) ?? "Filesystem",
                    ["claimRef"] = new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "PersistentVolumeClaim",
                        ["namespace"] = ObjectMeta.Namespace(pvc),
                        ["name"] = ObjectMeta.Name(pvc),
                        ["uid"] = uid,
                    },
                    ["hostPath"] = new JsonObject { ["path"] = $"/var/lib/devcluster/volumes/{pvName}", ["type"] = string.Empty },
                },
                ["status"] = new JsonObject { ["phase"] = "Bound" },
            }, Write, cancellationToken).ConfigureAwait(false)).Object;

        var updated = (JsonObject)pvc.DeepClone();
        updated["spec"]!["volumeName"] = pvName;
        updated["spec"]!["storageClassName"] = className;
        var annotations = ObjectMeta.Of(updated)["annotations"] as JsonObject ?? [];
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        annotations["volume.kubernetes.io/storage-provisioner"] = StorageModule.Provisioner;
        ObjectMeta.Of(updated)["annotations"] = annotations;
        var written = (await Registry.UpdateAsync(pvcType, ObjectMeta.Namespace(pvc), ObjectMeta.Name(pvc), updated, null, Write, cancellationToken).ConfigureAwait(false)).Object;
        written["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = accessModes.DeepClone(),
            ["capacity"] = new JsonObject { ["storage"] = storage },
        };
        await Registry.UpdateAsync(pvcType, ObjectMeta.Namespace(pvc), ObjectMeta.Name(pvc), written, "status", Write, cancellationToken).ConfigureAwait(false);
        return pv;
    }

    private async Task ExpandAsync(Resources.ResourceType pvcType, Resources.ResourceType pvType, JsonObject pvc, JsonObject? pv, decimal free, CancellationToken cancellationToken)
    {
        var key = ObjectMeta.Uid(pvc)!;
        var requested = pvc["spec"]?["resources"]?["requests"]?["storage"];
        var current = pvc["status"]?["capacity"]?["storage"];
        if (pv is null || SimJson.Str(pvc["status"]?["phase"]) != "Bound" || SimJson.Quantity(requested) <= SimJson.Quantity(current))
        {
            resizingSince.Remove(key);
            return;
        }

        var growth = SimJson.Quantity(requested) - SimJson.Quantity(current);
        var status = (JsonObject)pvc["status"]!.DeepClone();
        if (growth > free)
        {
            SimJson.SetCondition(status, "ControllerResizeError", "True", null, $"resize volume \"{ObjectMeta.Name(pv)}\" by resizer \"{StorageModule.Provisioner}\" failed: insufficient capacity in pool: requested {SimJson.FormatBytes(growth)} more, free {SimJson.FormatBytes(Math.Max(0, free))}", Now);
            await WriteStatusAsync(pvcType, pvc, status, cancellationToken).ConfigureAwait(false);
            resizingSince.Remove(key);
            return;
        }

        if (!resizingSince.TryGetValue(key, out var since))
        {
            resizingSince[key] = since = Now;
        }

        if (Now < since + options.ExpansionDelay)
        {
            SimJson.RemoveCondition(status, "ControllerResizeError");
            SimJson.SetCondition(status, "Resizing", "True", null, null, since);
            status["allocatedResources"] = new JsonObject { ["storage"] = requested!.DeepClone() };
            await WriteStatusAsync(pvcType, pvc, status, cancellationToken).ConfigureAwait(false);
            WakeAt(since + options.ExpansionDelay);
            return;
        }

        await files.GrowAsync(ObjectMeta.Name(pv), (long)SimJson.Quantity(requested), cancellationToken).ConfigureAwait(false);
        var pvCopy = (JsonObject)pv.DeepClone();
        pvCopy["spec"]!["capacity"] = new JsonObject { ["storage"] = requested!.DeepClone() };
        await Registry.UpdateAsync(pvType, string.Empty, ObjectMeta.Name(pv), pvCopy, null, Write, cancellationToken).ConfigureAwait(false);
        SimJson.RemoveCondition(status, "Resizing");
        SimJson.RemoveCondition(status, "ControllerResizeError");
        SimJson.RemoveCondition(status, "FileSystemResizePending");
        status["capacity"] = new JsonObject { ["storage"] = requested.DeepClone() };
        status["allocatedResources"] = new JsonObject { ["storage"] = requested.DeepClone() };
        await WriteStatusAsync(pvcType, pvc, status, cancellationToken).ConfigureAwait(false);
        resizingSince.Remove(key);
    }

    private async Task SetPendingAsync(Resources.ResourceType pvcType, JsonObject pvc, CancellationToken cancellationToken)
    {
        if (SimJson.Str(pvc["status"]?["phase"]) != "Pending")
        {
            await WriteStatusAsync(pvcType, pvc, new JsonObject { ["phase"] = "Pending" }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteStatusAsync(Resources.ResourceType type, JsonObject obj, JsonObject status, CancellationToken cancellationToken)
    {
        if (SimJson.Same(obj["status"], status))
        {
            return;
        }

        var copy = (JsonObject)obj.DeepClone();
        copy["status"] = status;
        await Registry.UpdateAsync(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), copy, "status", Write, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteQuietlyAsync(Resources.ResourceType pvType, JsonObject pv, CancellationToken cancellationToken)
    {
        try
        {
            if (ObjectMeta.Finalizers(pv).Count > 0)
            {
                var copy = (JsonObject)pv.DeepClone();
                ObjectMeta.SetFinalizers(copy, []);
                await Registry.UpdateAsync(pvType, string.Empty, ObjectMeta.Name(pv), copy, null, Write, cancellationToken).ConfigureAwait(false);
            }

            await Registry.DeleteAsync(pvType, string.Empty, ObjectMeta.Name(pv), DeleteOptions.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
