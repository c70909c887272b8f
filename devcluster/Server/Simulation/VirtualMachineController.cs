using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using static ElasticCompute.DevCluster.Server.Simulation.KubeVirtWrites;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// virt-controller's VM controller: VMs get their DataVolumes and VMIs per run strategy and state change requests;
/// their status is computed the way KubeVirt computes it (printableStatus precedence, Ready, RestartRequired); cpu
/// sockets and guest memory changes within maxSockets/maxGuest are handed to the running VMI, the rest need a restart.
/// </summary>
internal sealed class VirtualMachineController(ResourceRegistry registry, TimeProvider time)
{
    public const string VmiFinalizer = "kubevirt.io/virtualMachineControllerFinalize";
    public const string TemplateHashAnnotation = "devcluster.io/template-hash";
    public const string RestartRequiredMessage = "a non-live-updatable field was changed in the template spec";

    private DateTimeOffset Now => time.GetUtcNow();

    /// <param name="wakeAt">Asks the loop for another pass then (a failed guest's backoff ending).</param>
    public async Task ReconcileAsync(Action<DateTimeOffset> wakeAt, CancellationToken cancellationToken)
    {
        var vmType = SimTypes.Vms(registry);
        var vmiType = SimTypes.Vmis(registry);
        foreach (var vm in registry.List(vmType, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse))
        {
            await ReconcileAsync(vmType, vmiType, vm, wakeAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(ResourceType vmType, ResourceType vmiType, JsonObject vm, Action<DateTimeOffset> wakeAt, CancellationToken cancellationToken)
    {
        var ns = ObjectMeta.Namespace(vm);
        var name = ObjectMeta.Name(vm);
        var strategy = RunStrategy(vm);
        var status = vm["status"]?.DeepClone() as JsonObject ?? [];
        var requests = (status["stateChangeRequests"] as JsonArray)?.OfType<JsonObject>().Select(r => (JsonObject)r.DeepClone()).ToList() ?? [];
        var vmi = registry.Store.Get("virtualmachineinstances.kubevirt.io", ns, name) is { } stored ? ResourceRegistry.Parse(stored) : null;
        var deleting = ObjectMeta.IsDeleting(vm);

        var dataVolumes = deleting ? [] : await EnsureDataVolumesAsync(vm, cancellationToken).ConfigureAwait(false);
        var volumesReady = dataVolumes.All(dv => SimJson.Str(dv.Object?["status"]?["phase"]) == "Succeeded");

        if (!deleting)
        {
            // State change requests (start/stop/restart) first, in order, as KubeVirt does.
            while (requests.Count > 0)
            {
                var request = requests[0];
                var action = SimJson.Str(request["action"]);
                if (action == "Stop")
                {
                    var target = SimJson.Str(request["uid"]);
                    if (vmi is not null && (target is null || target == ObjectMeta.Uid(vmi)))
                    {
                        await DeleteVmiAsync(vmiType, vmi, cancellationToken).ConfigureAwait(false);
                        break;
                    }

                    requests.RemoveAt(0);
                }
                else if (action == "Start")
                {
                    if (vmi is null)
                    {
                        if (volumesReady)
                        {
                            vmi = await CreateVmiAsync(vmiType, vm, cancellationToken).ConfigureAwait(false);
                            requests.RemoveAt(0);
                        }

                        break;
                    }

                    if (ObjectMeta.IsDeleting(vmi))
                    {
                        break;
                    }

                    requests.RemoveAt(0);
                }
                else
                {
                    requests.RemoveAt(0);
                }
            }

            if (requests.Count == 0)
            {
                switch (strategy)
                {
                    case "Always" or "RerunOnFailure" when vmi is null && volumesReady:
                        vmi = await CreateVmiAsync(vmiType, vm, cancellationToken).ConfigureAwait(false);
                        break;
                    // A guest that ended: Always boots a new one, RerunOnFailure only after a failure, a failed one after a backoff (KubeVirt).
                    case "Always" when vmi is not null && !ObjectMeta.IsDeleting(vmi) && SimJson.Str(vmi["status"]?["phase"]) == "Succeeded":
                    case "Always" or "RerunOnFailure" when vmi is not null && !ObjectMeta.IsDeleting(vmi) && StartBackoff.Retry(status, vmi, Now, wakeAt):
                    case "Halted" when vmi is not null && !ObjectMeta.IsDeleting(vmi):
                        await DeleteVmiAsync(vmiType, vmi, cancellationToken).ConfigureAwait(false);
                        vmi = registry.Store.Get("virtualmachineinstances.kubevirt.io", ns, name) is { } s ? ResourceRegistry.Parse(s) : null;
                        break;
                }
            }
        }

        var restartRequired = false;
        if (vmi is not null && !ObjectMeta.IsDeleting(vmi) && SimJson.Str(vmi["status"]?["phase"]) is not ("Succeeded" or "Failed"))
        {
            // The template needs a restart, or the runtime could not take a change live.
            restartRequired = await SyncLiveUpdatesAsync(vmiType, vm, vmi, cancellationToken).ConfigureAwait(false)
                || SimJson.Str(SimJson.Condition(vmi["status"], VirtualMachineInstanceController.RestartRequiredCondition)?["status"]) == "True";
        }

        // Status, as KubeVirt computes it.
        var vmiPhase = SimJson.Str(vmi?["status"]?["phase"]);
        var vmiDeleting = vmi is not null && ObjectMeta.IsDeleting(vmi);
        var ready = vmi is not null && !vmiDeleting && vmiPhase == "Running" && SimJson.Str(SimJson.Condition(vmi["status"], "Ready")?["status"]) == "True";
        var unschedulable = SimJson.Condition(vmi?["status"], "PodScheduled") is { } scheduled && SimJson.Str(scheduled["status"]) == "False";
        var provisioning = dataVolumes.Any(dv => dv.Object is not null && SimJson.Str(dv.Object["status"]?["phase"]) is not ("Succeeded" or "Failed"));
        var dvFailed = dataVolumes.Any(dv => SimJson.Str(dv.Object?["status"]?["phase"]) == "Failed");
        var wantsRunning = strategy == "Always" || (strategy == "RerunOnFailure" && vmiPhase != "Succeeded") || requests.Any(r => SimJson.Str(r["action"]) == "Start");
        var stopRequested = strategy == "Halted" || requests.Any(r => SimJson.Str(r["action"]) == "Stop");
        string printable;
        if (deleting)
        {
            printable = "Terminating";
        }
        else if (vmi is not null && vmiPhase is not ("Succeeded" or "Failed") && (vmiDeleting || stopRequested))
        {
            printable = "Stopping";
        }
        else if (vmi is not null && vmiPhase == "Running")
        {
            printable = "Running";
        }
        else if (vmi is not null && vmiPhase == "Failed" && wantsRunning && status["startFailure"] is not null)
        {
            printable = "CrashLoopBackOff";
        }
        else if (dataVolumes.Any(dv => dv.Object is null) && wantsRunning)
        {
            printable = "PvcNotFound";
        }
        else if (dvFailed)
        {
            printable = "DataVolumeError";
        }
        else if (unschedulable && vmi is not null)
        {
            printable = "ErrorUnschedulable";
        }
        else if (provisioning)
        {
            printable = "Provisioning";
        }
        else if ((vmi is not null && vmiPhase is not ("Succeeded" or "Failed")) || wantsRunning)
        {
            printable = "Starting";
        }
        else
        {
            printable = "Stopped";
        }

        status["printableStatus"] = printable;
        status["ready"] = ready;
        status["created"] = vmi is not null;
        status["runStrategy"] = strategy;
        status["observedGeneration"] = ObjectMeta.Generation(vm);
        status["desiredGeneration"] = ObjectMeta.Generation(vm);
        if (requests.Count > 0)
        {
            status["stateChangeRequests"] = new JsonArray(requests.Select(r => (JsonNode)r).ToArray());
        }
        else
        {
            status.Remove("stateChangeRequests");
        }

        if (ready)
        {
            SimJson.SetCondition(status, "Ready", "True", null, null, Now);
            status.Remove("startFailure"); // it runs: the next failure starts the backoff again
        }
        else if (vmi is null)
        {
            SimJson.SetCondition(status, "Ready", "False", "VMINotExists", "VMI does not exist", Now);
        }
        else
        {
            SimJson.SetCondition(status, "Ready", "False", "GuestNotRunning", "Guest VM is not reported as running", Now);
        }

        if (unschedulable && vmi is not null)
        {
            var scheduledCondition = SimJson.Condition(vmi["status"], "PodScheduled")!;
            SimJson.SetCondition(status, "PodScheduled", "False", SimJson.Str(scheduledCondition["reason"]), SimJson.Str(scheduledCondition["message"]), Now);
        }
        else
        {
            SimJson.RemoveCondition(status, "PodScheduled");
        }

        if (restartRequired)
        {
            SimJson.SetCondition(status, "RestartRequired", "True", null, RestartRequiredMessage, Now);
        }
        else
        {
            SimJson.RemoveCondition(status, "RestartRequired");
        }

        await WriteStatusAsync(registry, vmType, vm, status, cancellationToken).ConfigureAwait(false);
    }

    public static string RunStrategy(JsonObject vm)
    {
        if (SimJson.Str(vm["spec"]?["runStrategy"]) is { Length: > 0 } strategy)
        {
            return strategy;
        }

        return vm["spec"]?["running"] is JsonValue running && running.TryGetValue<bool>(out var on) && on ? "Always" : "Halted";
    }

    private sealed record DataVolumeRef(string Name, JsonObject? Object);

    /// <summary>Creates the VM's dataVolumeTemplates (owned by the VM) and returns every DataVolume its volumes use.</summary>
    private async Task<List<DataVolumeRef>> EnsureDataVolumesAsync(JsonObject vm, CancellationToken cancellationToken)
    {
        var result = new List<DataVolumeRef>();
        if (!SimTypes.TryGet(registry, SimTypes.CdiGroup, "v1beta1", "datavolumes", out var dvType))
        {
            return result;
        }

        var ns = ObjectMeta.Namespace(vm);
        foreach (var template in (vm["spec"]?["dataVolumeTemplates"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = SimJson.Str(template["metadata"]?["name"]);
            if (string.IsNullOrEmpty(name) || registry.Store.Get("datavolumes.cdi.kubevirt.io", ns, name) is not null)
            {
                continue;
            }

            var metadata = template["metadata"]!.DeepClone().AsObject();
            metadata["namespace"] = ns;
            metadata["ownerReferences"] = new JsonArray(SimJson.OwnerReference(vm));
            var dv = new JsonObject { ["apiVersion"] = "cdi.kubevirt.io/v1beta1", ["kind"] = "DataVolume", ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() };
            await TryAsync(registry.CreateAsync(dvType, ns, dv, Write, cancellationToken)).ConfigureAwait(false);
        }

        var names = (vm["spec"]?["template"]?["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(v => SimJson.Str(v["dataVolume"]?["name"]))
            .Concat((vm["spec"]?["dataVolumeTemplates"] as JsonArray ?? []).Select(t => SimJson.Str(t?["metadata"]?["name"])))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var stored = registry.Store.Get("datavolumes.cdi.kubevirt.io", ns, name);
            result.Add(new DataVolumeRef(name, stored is null ? null : ResourceRegistry.Parse(stored)));
        }

        return result;
    }

    private async Task<JsonObject?> CreateVmiAsync(ResourceType vmiType, JsonObject vm, CancellationToken cancellationToken)
    {
        var template = vm["spec"]?["template"] as JsonObject;
        var metadata = new JsonObject
        {
            ["name"] = ObjectMeta.Name(vm),
            ["namespace"] = ObjectMeta.Namespace(vm),
            ["labels"] = template?["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
            ["annotations"] = template?["metadata"]?["annotations"]?.DeepClone() ?? new JsonObject(),
            ["ownerReferences"] = new JsonArray(SimJson.OwnerReference(vm)),
            ["finalizers"] = new JsonArray(VmiFinalizer),
        };
        metadata["labels"]!["vm.kubevirt.io/name"] = ObjectMeta.Name(vm); // KubeVirt's: what a Service for the VM selects
        metadata["annotations"]![TemplateHashAnnotation] = TemplateHash(template?["spec"]);
        metadata["annotations"]!["kubevirt.io/vm-generation"] = ObjectMeta.Generation(vm).ToString(CultureInfo.InvariantCulture);
        var vmi = new JsonObject
        {
            ["apiVersion"] = "kubevirt.io/v1",
            ["kind"] = "VirtualMachineInstance",
            ["metadata"] = metadata,
            ["spec"] = template?["spec"]?.DeepClone() ?? new JsonObject { ["domain"] = new JsonObject { ["devices"] = new JsonObject() } },
        };
        try
        {
            return (await registry.CreateAsync(vmiType, ObjectMeta.Namespace(vm), vmi, Write, cancellationToken).ConfigureAwait(false)).Object;
        }
        catch (ApiException e) when (e.Code == 409)
        {
            return null;
        }
    }

    private async Task DeleteVmiAsync(ResourceType vmiType, JsonObject vmi, CancellationToken cancellationToken)
    {
        if (!ObjectMeta.IsDeleting(vmi))
        {
            await TryAsync(registry.DeleteAsync(vmiType, ObjectMeta.Namespace(vmi), ObjectMeta.Name(vmi), DeleteOptions.Default, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies a sockets or guest-memory change to the running VMI when within maxSockets/maxGuest; true when the
    /// template changed in a way that needs a restart.
    /// </summary>
    private async Task<bool> SyncLiveUpdatesAsync(ResourceType vmiType, JsonObject vm, JsonObject vmi, CancellationToken cancellationToken)
    {
        var template = vm["spec"]?["template"]?["spec"];
        if (SimJson.Str(vmi["metadata"]?["annotations"]?[TemplateHashAnnotation]) is { } hash && hash != TemplateHash(template))
        {
            return true;
        }

        var domain = template?["domain"];
        var running = vmi["spec"]?["domain"];
        var restart = false;
        var updated = (JsonObject)vmi.DeepClone();
        var changed = false;

        var wantSockets = SimJson.Int(domain?["cpu"]?["sockets"], 1);
        if (wantSockets != SimJson.Int(running?["cpu"]?["sockets"], 1))
        {
            var max = SimJson.Int(domain?["cpu"]?["maxSockets"], 0);
            if (max > 0 && wantSockets <= max)
            {
                updated["spec"]!["domain"]!["cpu"] ??= new JsonObject();
                updated["spec"]!["domain"]!["cpu"]!["sockets"] = wantSockets;
                changed = true;
            }
            else
            {
                restart = true;
            }
        }

        var wantGuest = domain?["memory"]?["guest"];
        if (wantGuest is not null && SimJson.Quantity(wantGuest) != SimJson.Quantity(running?["memory"]?["guest"]))
        {
            var max = domain?["memory"]?["maxGuest"];
            if (max is not null && SimJson.Quantity(wantGuest) <= SimJson.Quantity(max) && SimJson.Quantity(wantGuest) >= SimJson.Quantity(running?["memory"]?["guest"]))
            {
                updated["spec"]!["domain"]!["memory"] ??= new JsonObject();
                updated["spec"]!["domain"]!["memory"]!["guest"] = wantGuest.DeepClone();
                changed = true;
            }
            else
            {
                restart = true;
            }
        }

        if (changed)
        {
            ObjectMeta.Of(updated).Remove("resourceVersion");
            await TryAsync(registry.UpdateAsync(vmiType, ObjectMeta.Namespace(vmi), ObjectMeta.Name(vmi), updated, null, Write, cancellationToken)).ConfigureAwait(false);
        }

        return restart;
    }

    /// <summary>The template spec without what can change live (sockets, guest memory): a change elsewhere needs a restart.</summary>
    private static string TemplateHash(JsonNode? templateSpec)
    {
        var copy = templateSpec?.DeepClone() as JsonObject ?? [];
        (copy["domain"]?["cpu"] as JsonObject)?.Remove("sockets");
        (copy["domain"]?["memory"] as JsonObject)?.Remove("guest");
        return SimJson.Hash(copy);
    }
}
