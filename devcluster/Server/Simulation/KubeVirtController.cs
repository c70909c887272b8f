using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// virt-controller and virt-handler in one loop: VMs get their DataVolumes and VMIs per run strategy and state change
/// requests; VMIs go Pending -> Scheduling -> Scheduled -> Running on a node with room; VM status is computed the way
/// KubeVirt computes it (printableStatus precedence, Ready, RestartRequired); cpu sockets and guest memory are
/// hot-plugged within maxSockets/maxGuest.
/// </summary>
internal sealed class KubeVirtController(ResourceRegistry registry, TimeProvider time, SimulationOptions options) : ReconcileLoop(registry, time)
{
    public const string VmiFinalizer = "kubevirt.io/virtualMachineControllerFinalize";
    public const string TemplateHashAnnotation = "devcluster.io/template-hash";
    public const string RestartRequiredMessage = "a non-live-updatable field was changed in the template spec";

    private static readonly WriteOptions Write = new() { FieldManager = "virt-controller" };

    private readonly Dictionary<string, DateTimeOffset> phaseSince = [];
    private readonly Dictionary<string, string> reservations = [];
    private readonly Dictionary<string, DateTimeOffset> stoppingSince = [];

    private TimeSpan Delay => options.VmiPhaseDelay;

    protected override bool Watches(string table) =>
        table is "nodes" or "virtualmachines.kubevirt.io" or "virtualmachineinstances.kubevirt.io" or "datavolumes.cdi.kubevirt.io";

    protected override async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var vmType = SimTypes.Vms(Registry);
        var vmiType = SimTypes.Vmis(Registry);
        var nodes = Registry.List(SimTypes.Nodes(Registry), null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();
        var vmis = Registry.List(vmiType, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();
        var live = vmis.Select(v => ObjectMeta.Uid(v)!).ToHashSet(StringComparer.Ordinal);
        foreach (var map in new IDictionary<string, DateTimeOffset>[] { phaseSince, stoppingSince })
        {
            foreach (var gone in map.Keys.Where(k => !live.Contains(k)).ToList())
            {
                map.Remove(gone);
            }
        }

        foreach (var gone in reservations.Keys.Where(k => !live.Contains(k)).ToList())
        {
            reservations.Remove(gone);
        }

        // What each node holds, built once and kept current as VMIs move, so the pass is linear in the VMIs.
        var candidates = NodeScheduler.Candidates(nodes);
        var occupancy = new NodeOccupancy();
        foreach (var vmi in vmis)
        {
            occupancy.Set(vmi, reservations.GetValueOrDefault(ObjectMeta.Uid(vmi)!));
        }

        foreach (var vmi in vmis.OrderBy(v => SimJson.Str(v["metadata"]?["creationTimestamp"]), StringComparer.Ordinal))
        {
            await ReconcileVmiAsync(vmiType, vmi, nodes, candidates, occupancy, cancellationToken).ConfigureAwait(false);
            occupancy.Set(vmi, reservations.GetValueOrDefault(ObjectMeta.Uid(vmi)!));
        }

        foreach (var vm in Registry.List(vmType, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse))
        {
            await ReconcileVmAsync(vmType, vmiType, vm, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- VirtualMachineInstances (virt-handler and the scheduler) ----

    private async Task ReconcileVmiAsync(
        ResourceType vmiType, JsonObject vmi, List<JsonObject> nodes, IReadOnlyList<NodeScheduler.Candidate> candidates, NodeOccupancy occupancy, CancellationToken cancellationToken)
    {
        var uid = ObjectMeta.Uid(vmi)!;
        if (ObjectMeta.IsDeleting(vmi))
        {
            reservations.Remove(uid);
            if (!ObjectMeta.Finalizers(vmi).Contains(VmiFinalizer))
            {
                return;
            }

            if (!stoppingSince.TryGetValue(uid, out var stopping))
            {
                stoppingSince[uid] = stopping = Now;
            }

            // The guest shuts down for one phase delay, then the VMI goes away.
            if (Now < stopping + Delay)
            {
                WakeAt(stopping + Delay);
                return;
            }

            var copy = (JsonObject)vmi.DeepClone();
            ObjectMeta.SetFinalizers(copy, ObjectMeta.Finalizers(vmi).Where(f => f != VmiFinalizer).ToList());
            await TryAsync(Registry.UpdateAsync(vmiType, ObjectMeta.Namespace(vmi), ObjectMeta.Name(vmi), copy, null, Write, cancellationToken)).ConfigureAwait(false);
            return;
        }

        var status = vmi["status"]?.DeepClone() as JsonObject ?? [];
        var phase = SimJson.Str(status["phase"]) ?? string.Empty;
        if (!phaseSince.TryGetValue(uid, out var since))
        {
            phaseSince[uid] = since = Now;
        }

        var due = since + Delay;
        switch (phase)
        {
            case "":
                Enter(status, uid, "Pending");
                WakeAt(Now + Delay);
                break;
            case "Pending" when Now < due:
                WakeAt(due);
                break;
            case "Pending":
            {
                var placement = NodeScheduler.Place(candidates, n => occupancy.UsedExcept(n, uid), vmi["spec"]?["nodeSelector"], NodeScheduler.Of(vmi["spec"]));
                if (placement.Node is null)
                {
                    SimJson.SetCondition(status, "PodScheduled", "False", "Unschedulable", placement.Message, Now);
                    break;
                }

                reservations[uid] = placement.Node;
                SimJson.RemoveCondition(status, "PodScheduled");
                Enter(status, uid, "Scheduling");
                WakeAt(Now + Delay);
                break;
            }

            case "Scheduling" when Now < due:
                WakeAt(due);
                break;
            case "Scheduling":
            {
                var node = reservations.GetValueOrDefault(uid)
                    ?? NodeScheduler.Place(candidates, n => occupancy.UsedExcept(n, uid), vmi["spec"]?["nodeSelector"], NodeScheduler.Of(vmi["spec"])).Node;
                if (node is null)
                {
                    Enter(status, uid, "Pending");
                    break;
                }

                status["nodeName"] = node;
                reservations.Remove(uid);
                status["interfaces"] = new JsonArray(Interface(vmi, Address(nodes, occupancy, node, uid)));
                SimJson.SetCondition(status, "PodScheduled", "True", null, null, Now);
                Enter(status, uid, "Scheduled");
                WakeAt(Now + Delay);
                break;
            }

            case "Scheduled" when Now < due:
                WakeAt(due);
                break;
            case "Scheduled":
                SimJson.SetCondition(status, "Ready", "True", null, null, Now);
                SimJson.SetCondition(status, "LiveMigratable", "False", "DisksNotLiveMigratable", "cannot migrate VMI: PVC is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)", Now);
                Enter(status, uid, "Running");
                break;
        }

        // What virt-handler reports of the domain: its topology and memory, following hotplugs.
        var spec = vmi["spec"]?["domain"];
        if (SimJson.Str(status["phase"]) is "Scheduled" or "Running")
        {
            status["currentCPUTopology"] = new JsonObject
            {
                ["sockets"] = SimJson.Int(spec?["cpu"]?["sockets"], 1),
                ["cores"] = SimJson.Int(spec?["cpu"]?["cores"], 1),
                ["threads"] = SimJson.Int(spec?["cpu"]?["threads"], 1),
            };
            if (SimJson.Str(spec?["memory"]?["guest"]) is { } guest)
            {
                var memory = status["memory"] as JsonObject ?? new JsonObject { ["guestAtBoot"] = guest };
                memory["guestCurrent"] = guest;
                memory["guestRequested"] = guest;
                status["memory"] = memory;
            }

            status["qosClass"] = "Burstable";
            status["guestOSInfo"] ??= new JsonObject();
        }

        if (await WriteStatusAsync(vmiType, vmi, status, cancellationToken).ConfigureAwait(false))
        {
            vmi["status"] = status.DeepClone(); // later VMIs of this pass see where this one went
        }
    }

    private void Enter(JsonObject status, string uid, string phase)
    {
        status["phase"] = phase;
        phaseSince[uid] = Now;
        var timestamps = status["phaseTransitionTimestamps"] as JsonArray ?? [];
        timestamps.Add(new JsonObject { ["phase"] = phase, ["phaseTransitionTimestamp"] = ObjectMeta.Timestamp(Now) });
        status["phaseTransitionTimestamps"] = timestamps;
    }

    /// <summary>The first host address of the node's pod CIDR that no other VMI on the node holds.</summary>
    private static string Address(List<JsonObject> nodes, NodeOccupancy occupancy, string node, string uid)
    {
        var cidr = SimJson.Str(nodes.FirstOrDefault(n => ObjectMeta.Name(n) == node)?["spec"]?["podCIDR"]) ?? "10.244.0.0/24";
        var prefix = cidr[..cidr.LastIndexOf('.')];
        for (var host = 10; host < 255; host++)
        {
            var ip = $"{prefix}.{host.ToString(CultureInfo.InvariantCulture)}";
            if (!occupancy.IsTaken(node, ip, uid))
            {
                return ip;
            }
        }

        return $"{prefix}.254";
    }

    private static JsonObject Interface(JsonObject vmi, string ip)
    {
        var name = SimJson.Str(vmi["spec"]?["domain"]?["devices"]?["interfaces"]?[0]?["name"]) ?? "default";
        var hash = SimJson.Hash(JsonValue.Create(ObjectMeta.Uid(vmi)));
        var mac = $"02:{hash[0..2]}:{hash[2..4]}:{hash[4..6]}:{hash[6..8]}:{hash[8..10]}";
        return new JsonObject
        {
            ["name"] = name,
            ["interfaceName"] = "eth0",
            ["ipAddress"] = ip,
            ["ipAddresses"] = new JsonArray(ip),
            ["mac"] = mac,
            ["infoSource"] = "domain, guest-agent",
            ["queueCount"] = 1,
        };
    }

    // ---- VirtualMachines (virt-controller) ----

    private async Task ReconcileVmAsync(ResourceType vmType, ResourceType vmiType, JsonObject vm, CancellationToken cancellationToken)
    {
        var ns = ObjectMeta.Namespace(vm);
        var name = ObjectMeta.Name(vm);
        var strategy = RunStrategy(vm);
        var status = vm["status"]?.DeepClone() as JsonObject ?? [];
        var requests = (status["stateChangeRequests"] as JsonArray)?.OfType<JsonObject>().Select(r => (JsonObject)r.DeepClone()).ToList() ?? [];
        var vmi = Registry.Store.Get("virtualmachineinstances.kubevirt.io", ns, name) is { } stored ? ResourceRegistry.Parse(stored) : null;
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
                    case "Halted" when vmi is not null && !ObjectMeta.IsDeleting(vmi):
                        await DeleteVmiAsync(vmiType, vmi, cancellationToken).ConfigureAwait(false);
                        vmi = Registry.Store.Get("virtualmachineinstances.kubevirt.io", ns, name) is { } s ? ResourceRegistry.Parse(s) : null;
                        break;
                }
            }
        }

        var restartRequired = false;
        if (vmi is not null && !ObjectMeta.IsDeleting(vmi) && SimJson.Str(vmi["status"]?["phase"]) is not ("Succeeded" or "Failed"))
        {
            restartRequired = await SyncLiveUpdatesAsync(vmiType, vm, vmi, cancellationToken).ConfigureAwait(false);
        }

        // Status, as KubeVirt computes it.
        var vmiPhase = SimJson.Str(vmi?["status"]?["phase"]);
        var vmiDeleting = vmi is not null && ObjectMeta.IsDeleting(vmi);
        var ready = vmi is not null && !vmiDeleting && vmiPhase == "Running" && SimJson.Str(SimJson.Condition(vmi["status"], "Ready")?["status"]) == "True";
        var unschedulable = SimJson.Condition(vmi?["status"], "PodScheduled") is { } scheduled && SimJson.Str(scheduled["status"]) == "False";
        var provisioning = dataVolumes.Any(dv => dv.Object is not null && SimJson.Str(dv.Object["status"]?["phase"]) is not ("Succeeded" or "Failed"));
        var dvFailed = dataVolumes.Any(dv => SimJson.Str(dv.Object?["status"]?["phase"]) == "Failed");
        var wantsRunning = strategy is "Always" or "RerunOnFailure" || requests.Any(r => SimJson.Str(r["action"]) == "Start");
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

        await WriteStatusAsync(vmType, vm, status, cancellationToken).ConfigureAwait(false);
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
        if (!SimTypes.TryGet(Registry, SimTypes.CdiGroup, "v1beta1", "datavolumes", out var dvType))
        {
            return result;
        }

        var ns = ObjectMeta.Namespace(vm);
        foreach (var template in (vm["spec"]?["dataVolumeTemplates"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = SimJson.Str(template["metadata"]?["name"]);
            if (string.IsNullOrEmpty(name) || Registry.Store.Get("datavolumes.cdi.kubevirt.io", ns, name) is not null)
            {
                continue;
            }

            var metadata = template["metadata"]!.DeepClone().AsObject();
            metadata["namespace"] = ns;
            metadata["ownerReferences"] = new JsonArray(SimJson.OwnerReference(vm));
            var dv = new JsonObject { ["apiVersion"] = "cdi.kubevirt.io/v1beta1", ["kind"] = "DataVolume", ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() };
            await TryAsync(Registry.CreateAsync(dvType, ns, dv, Write, cancellationToken)).ConfigureAwait(false);
        }

        var names = (vm["spec"]?["template"]?["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(v => SimJson.Str(v["dataVolume"]?["name"]))
            .Concat((vm["spec"]?["dataVolumeTemplates"] as JsonArray ?? []).Select(t => SimJson.Str(t?["metadata"]?["name"])))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var stored = Registry.Store.Get("datavolumes.cdi.kubevirt.io", ns, name);
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
            return (await Registry.CreateAsync(vmiType, ObjectMeta.Namespace(vm), vmi, Write, cancellationToken).ConfigureAwait(false)).Object;
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
            await TryAsync(Registry.DeleteAsync(vmiType, ObjectMeta.Namespace(vmi), ObjectMeta.Name(vmi), DeleteOptions.Default, cancellationToken)).ConfigureAwait(false);
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
            await TryAsync(Registry.UpdateAsync(vmiType, ObjectMeta.Namespace(vmi), ObjectMeta.Name(vmi), updated, null, Write, cancellationToken)).ConfigureAwait(false);
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

    /// <returns>Whether the status changed (and was written).</returns>
    private async Task<bool> WriteStatusAsync(ResourceType type, JsonObject obj, JsonObject status, CancellationToken cancellationToken)
    {
        if (SimJson.Same(obj["status"], status))
        {
            return false;
        }

        var copy = (JsonObject)obj.DeepClone();
        copy["status"] = status;
        await Registry.UpdateAsync(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj), copy, "status", Write, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task TryAsync<T>(Task<T> write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Someone else changed or removed it; the next pass sees the new state.
        }
    }
}
