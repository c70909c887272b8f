using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Simulation.Disks;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// CDI's DataVolume controller: a DataVolume gets its PVC (same name, owned by it); once the PVC is bound an import
/// (or a clone, for a DataSource or PVC source) is scheduled and reports progress until Succeeded; a blank volume
/// succeeds as soon as it is bound; a missing DataSource keeps it Pending with a condition that says so.
/// </summary>
internal sealed class DataVolumeController(ResourceRegistry registry, TimeProvider time, SimulationOptions options, IDiskFiles files) : ReconcileLoop(registry, time)
{
    private static readonly WriteOptions Write = new() { FieldManager = "cdi-controller" };

    private readonly Dictionary<string, DateTimeOffset> boundSince = [];

    protected override bool Watches(string table) =>
        table is "datavolumes.cdi.kubevirt.io" or "datasources.cdi.kubevirt.io" or "persistentvolumeclaims";

    protected override async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var dvType = SimTypes.DataVolumes(Registry);
        var pvcType = SimTypes.Pvcs(Registry);
        var dvs = Registry.List(dvType, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();
        var live = dvs.Select(d => ObjectMeta.Uid(d)!).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in boundSince.Keys.Where(k => !live.Contains(k)).ToList())
        {
            boundSince.Remove(gone);
        }

        foreach (var dv in dvs.Where(d => !ObjectMeta.IsDeleting(d)))
        {
            await ReconcileAsync(dvType, pvcType, dv, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(ResourceType dvType, ResourceType pvcType, JsonObject dv, CancellationToken cancellationToken)
    {
        var ns = ObjectMeta.Namespace(dv);
        var name = ObjectMeta.Name(dv);
        var uid = ObjectMeta.Uid(dv)!;
        var spec = dv["spec"];
        var status = dv["status"]?.DeepClone() as JsonObject ?? [];
        if (SimJson.Str(status["phase"]) == "Succeeded")
        {
            return;
        }

        status["claimName"] = name;
        status["restartCount"] ??= 0;
        var clone = spec?["sourceRef"] is not null || spec?["source"]?["pvc"] is not null || spec?["source"]?["snapshot"] is not null;
        if (spec?["sourceRef"] is JsonObject sourceRef)
        {
            var sourceNs = SimJson.Str(sourceRef["namespace"]) ?? ns;
            var sourceName = SimJson.Str(sourceRef["name"]) ?? string.Empty;
            if (SimJson.Str(sourceRef["kind"]) != "DataSource" || Registry.Store.Get("datasources.cdi.kubevirt.io", sourceNs, sourceName) is null)
            {
                status["phase"] = "Pending";
                status["progress"] = "N/A";
                var message = $"DataSource {sourceNs}/{sourceName} not found";
                SimJson.SetCondition(status, "Bound", "False", "NotFound", message, Now);
                SimJson.SetCondition(status, "Ready", "False", "NotFound", message, Now);
                SimJson.SetCondition(status, "Running", "False", "NotFound", message, Now);
                await WriteStatusAsync(dvType, dv, status, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var pvc = Registry.Store.Get("persistentvolumeclaims", ns, name) is { } stored ? ResourceRegistry.Parse(stored) : null;
        pvc ??= await CreateClaimAsync(pvcType, dv, cancellationToken).ConfigureAwait(false);
        if (pvc is null || SimJson.Str(pvc["status"]?["phase"]) != "Bound")
        {
            status["phase"] = "Pending";
            status["progress"] = "N/A";
            SimJson.SetCondition(status, "Bound", "False", "Pending", $"PVC {name} Pending", Now);
            SimJson.SetCondition(status, "Ready", "False", null, null, Now);
            SimJson.SetCondition(status, "Running", "False", null, null, Now);
            await WriteStatusAsync(dvType, dv, status, cancellationToken).ConfigureAwait(false);
            return;
        }

        SimJson.SetCondition(status, "Bound", "True", "Bound", $"PVC {name} Bound", Now);
        var volume = SimJson.Str(pvc["spec"]?["volumeName"]) ?? name;
        var bytes = (long)SimJson.Quantity(pvc["status"]?["capacity"]?["storage"] ?? pvc["spec"]?["resources"]?["requests"]?["storage"]);
        if (spec?["source"]?["blank"] is not null || (spec?["source"] is null && spec?["sourceRef"] is null))
        {
            await files.CreateAsync(volume, bytes, fromImage: false, cancellationToken).ConfigureAwait(false);
            Succeed(status);
            await WriteStatusAsync(dvType, dv, status, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!boundSince.TryGetValue(uid, out var since))
        {
            boundSince[uid] = since = Now;
        }

        if (Missing(ns, spec) is { } missing)
        {
            // Never boot another image under this one's name: the import fails and says why.
            status["phase"] = "Failed";
            status["progress"] = "N/A";
            SimJson.SetCondition(status, "Ready", "False", "ImageNotAvailable", missing, Now);
            SimJson.SetCondition(status, "Running", "False", "ImageNotAvailable", missing, Now);
            await WriteStatusAsync(dvType, dv, status, cancellationToken).ConfigureAwait(false);
            return;
        }

        var step = options.ImportStepDelay;
        var steps = Math.Max(1, options.ImportSteps);
        var stage = step <= TimeSpan.Zero ? steps + 1 : (int)Math.Min(steps + 1, Math.Floor((Now - since) / step));
        if (stage == 0)
        {
            status["phase"] = clone ? "CloneScheduled" : "ImportScheduled";
            status["progress"] = "N/A";
            SimJson.SetCondition(status, "Ready", "False", null, null, Now);
            SimJson.SetCondition(status, "Running", "False", "Pending", null, Now);
        }
        else if (stage <= steps)
        {
            status["phase"] = clone ? "CloneInProgress" : "ImportInProgress";
            status["progress"] = (100m * (stage - 1) / steps).ToString("0.00", CultureInfo.InvariantCulture) + "%";
            SimJson.SetCondition(status, "Ready", "False", null, null, Now);
            SimJson.SetCondition(status, "Running", "True", "Pod is running", null, Now);
        }
        else
        {
            await files.CreateAsync(volume, bytes, fromImage: true, cancellationToken).ConfigureAwait(false);
            Succeed(status);
        }

        if (stage <= steps)
        {
            WakeAt(since + (step * (stage + 1)));
        }

        await WriteStatusAsync(dvType, dv, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why the disk files cannot import this DataVolume's source (null: they can).</summary>
    private string? Missing(string ns, JsonNode? spec)
    {
        if (spec?["sourceRef"] is JsonObject sourceRef)
        {
            var sourceNs = SimJson.Str(sourceRef["namespace"]) ?? ns;
            var sourceName = SimJson.Str(sourceRef["name"]) ?? string.Empty;
            return files.MissingImage(sourceName, $"DataSource {sourceNs}/{sourceName}");
        }

        if (spec?["source"]?["pvc"] is JsonObject pvc)
        {
            var sourceName = SimJson.Str(pvc["name"]) ?? string.Empty;
            return files.MissingImage(sourceName, $"PVC {SimJson.Str(pvc["namespace"]) ?? ns}/{sourceName}");
        }

        var kind = (spec?["source"] as JsonObject)?.Select(p => p.Key).FirstOrDefault() ?? "source";
        return files.MissingImage(null, $"the {kind} source");
    }

    private void Succeed(JsonObject status)
    {
        status["phase"] = "Succeeded";
        status["progress"] = "100.0%";
        SimJson.SetCondition(status, "Ready", "True", null, null, Now);
        SimJson.SetCondition(status, "Running", "False", "Completed", null, Now);
    }

    private async Task<JsonObject?> CreateClaimAsync(ResourceType pvcType, JsonObject dv, CancellationToken cancellationToken)
    {
        var source = dv["spec"]?["storage"] ?? dv["spec"]?["pvc"];
        var pvcSpec = new JsonObject
        {
            ["accessModes"] = source?["accessModes"]?.DeepClone() ?? new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = source?["resources"]?["requests"]?["storage"]?.DeepClone() ?? "1Gi" } },
            ["volumeMode"] = SimJson.Str(source?["volumeMode"]) ?? "Filesystem",
        };
        if (SimJson.Str(source?["storageClassName"]) is { } className)
        {
            pvcSpec["storageClassName"] = className;
        }

        var pvc = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = ObjectMeta.Name(dv),
                ["namespace"] = ObjectMeta.Namespace(dv),
                ["labels"] = new JsonObject { ["app"] = "containerized-data-importer", ["app.kubernetes.io/component"] = "storage" },
                ["annotations"] = new JsonObject { ["cdi.kubevirt.io/storage.contentType"] = "kubevirt" },
                ["ownerReferences"] = new JsonArray(SimJson.OwnerReference(dv)),
            },
            ["spec"] = pvcSpec,
        };
        try
        {
            return (await Registry.CreateAsync(pvcType, ObjectMeta.Namespace(dv), pvc, Write, cancellationToken).ConfigureAwait(false)).Object;
        }
        catch (ApiException e) when (e.Code is 409)
        {
            return null;
        }
    }

    private async Task WriteStatusAsync(ResourceType type, JsonObject obj, JsonObject status, CancellationToken cancellationToken)
    {
        if (SimJson.Same(obj["status"], status))
        {
            return;
        }

        var copy = (JsonObject)obj.DeepClone();
        copy["status"] = status;
        await Registry.UpdateAsync(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), copy, "status", Write, cancellationToken).ConfigureAwait(false);
    }
}
