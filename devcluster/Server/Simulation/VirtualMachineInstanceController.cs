using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;
using static ElasticCompute.DevCluster.Server.Simulation.KubeVirtWrites;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// virt-handler and the scheduler: VMIs go Pending -> Scheduling -> Scheduled on a node with room (one phase delay
/// each), then Running once <see cref="IVmRuntime"/> has booted the guest (Failed when it cannot); the status follows
/// the guest's cpu and memory as the runtime resizes it, and a deleted VMI keeps its finalizer until the guest stopped.
/// </summary>
internal sealed class VirtualMachineInstanceController(ResourceRegistry registry, TimeProvider time, SimulationOptions options, IVmRuntime runtime)
{
    public const string RestartRequiredCondition = "RestartRequired";

    /// <summary>KubeVirt's default terminationGracePeriodSeconds.</summary>
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, DateTimeOffset> phaseSince = [];
    private readonly Dictionary<string, string> reservations = [];

    /// <summary>Every VMI the runtime may know, so the runtime forgets it once it is gone.</summary>
    private readonly Dictionary<string, VmiKey> guests = [];

    private DateTimeOffset Now => time.GetUtcNow();

    private TimeSpan Delay => options.VmiPhaseDelay;

    /// <param name="wakeAt">Asks the loop for another pass then (a phase delay ending).</param>
    public async Task ReconcileAsync(Action<DateTimeOffset> wakeAt, CancellationToken cancellationToken)
    {
        var vmiType = SimTypes.Vmis(registry);
        var nodes = registry.List(SimTypes.Nodes(registry), null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();
        var vmis = registry.List(vmiType, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();
        var live = vmis.Select(v => ObjectMeta.Uid(v)!).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in phaseSince.Keys.Where(k => !live.Contains(k)).ToList())
        {
            phaseSince.Remove(gone);
        }

        foreach (var gone in reservations.Keys.Where(k => !live.Contains(k)).ToList())
        {
            reservations.Remove(gone);
        }

        foreach (var gone in guests.Where(g => !live.Contains(g.Key)).ToList())
        {
            guests.Remove(gone.Key);
            await runtime.KillAsync(gone.Value, cancellationToken).ConfigureAwait(false);
        }

        // What each node holds, built once and kept current as VMIs move, so the pass is linear in the VMIs.
        var candidates = NodeScheduler.Candidates(nodes);
        var occupancy = new NodeOccupancy();
        foreach (var vmi in vmis)
        {
            occupancy.Set(vmi, reservations.GetValueOrDefault(ObjectMeta.Uid(vmi)!));
        }

        var pass = new Pass(vmiType, nodes, candidates, occupancy, wakeAt);
        foreach (var vmi in vmis.OrderBy(v => SimJson.Str(v["metadata"]?["creationTimestamp"]), StringComparer.Ordinal))
        {
            await ReconcileAsync(pass, vmi, cancellationToken).ConfigureAwait(false);
            occupancy.Set(vmi, reservations.GetValueOrDefault(ObjectMeta.Uid(vmi)!));
        }
    }

    private sealed record Pass(
        ResourceType VmiType, List<JsonObject> Nodes, IReadOnlyList<NodeScheduler.Candidate> Candidates, NodeOccupancy Occupancy, Action<DateTimeOffset> WakeAt);

    private async Task ReconcileAsync(Pass pass, JsonObject vmi, CancellationToken cancellationToken)
    {
        var key = VmiKey.Of(vmi);
        var uid = key.Uid;
        guests[uid] = key;
        if (ObjectMeta.IsDeleting(vmi))
        {
            await StopAsync(pass, vmi, key, cancellationToken).ConfigureAwait(false);
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
                pass.WakeAt(Now + Delay);
                break;
            case "Pending" when Now < due:
                pass.WakeAt(due);
                break;
            case "Pending":
            {
                var placement = NodeScheduler.Place(pass.Candidates, n => pass.Occupancy.UsedExcept(n, uid), vmi["spec"]?["nodeSelector"], NodeScheduler.Of(vmi["spec"]));
                if (placement.Node is null)
                {
                    SimJson.SetCondition(status, "PodScheduled", "False", "Unschedulable", placement.Message, Now);
                    break;
                }

                reservations[uid] = placement.Node;
                SimJson.RemoveCondition(status, "PodScheduled");
                Enter(status, uid, "Scheduling");
                pass.WakeAt(Now + Delay);
                break;
            }

            case "Scheduling" when Now < due:
                pass.WakeAt(due);
                break;
            case "Scheduling":
            {
                var node = reservations.GetValueOrDefault(uid)
                    ?? NodeScheduler.Place(pass.Candidates, n => pass.Occupancy.UsedExcept(n, uid), vmi["spec"]?["nodeSelector"], NodeScheduler.Of(vmi["spec"])).Node;
                if (node is null)
                {
                    Enter(status, uid, "Pending");
                    break;
                }

                status["nodeName"] = node;
                reservations.Remove(uid);
                status["interfaces"] = new JsonArray(Interface(vmi, runtime.GuestAddress(key, Address(pass.Nodes, pass.Occupancy, node, uid))));
                SimJson.SetCondition(status, "PodScheduled", "True", null, null, Now);
                Enter(status, uid, "Scheduled");

                // The pod is up: the runtime starts booting the guest now, and the next pass sees how far it got.
                var booting = await runtime.StartAsync(vmi, cancellationToken).ConfigureAwait(false);
                pass.WakeAt(booting.Kind == RuntimeProgressKind.Waiting ? booting.Until : Now);
                break;
            }

            case "Scheduled":
            {
                var booted = await runtime.StartAsync(vmi, cancellationToken).ConfigureAwait(false);
                if (booted.Kind == RuntimeProgressKind.Waiting)
                {
                    pass.WakeAt(booted.Until);
                }
                else if (booted.Kind == RuntimeProgressKind.Failed)
                {
                    status["reason"] = "GuestFailed";
                    SimJson.SetCondition(status, "Ready", "False", "GuestNotRunning", booted.Reason, Now);
                    Enter(status, uid, "Failed");
                }
                else
                {
                    SimJson.SetCondition(status, "Ready", "True", null, null, Now);
                    SimJson.SetCondition(status, "LiveMigratable", "False", "DisksNotLiveMigratable", "cannot migrate VMI: PVC is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)", Now);
                    Enter(status, uid, "Running");
                }

                break;
            }

            case "Running":
                await ObserveAsync(pass, vmi, key, status, cancellationToken).ConfigureAwait(false);
                break;
        }

        if (SimJson.Str(status["phase"]) is "Scheduled" or "Running")
        {
            await ReportDomainAsync(key, vmi, status, cancellationToken).ConfigureAwait(false);
        }

        if (await WriteStatusAsync(registry, pass.VmiType, vmi, status, cancellationToken).ConfigureAwait(false))
        {
            vmi["status"] = status.DeepClone(); // later VMIs of this pass see where this one went
        }
    }

    /// <summary>
    /// A running guest that powered itself off makes the VMI Succeeded, one that crashed makes it Failed (the VM's run
    /// strategy decides what follows); one the runtime does not know (devcluster restarted) is booted again.
    /// </summary>
    private async Task ObserveAsync(Pass pass, JsonObject vmi, VmiKey key, JsonObject status, CancellationToken cancellationToken)
    {
        var state = runtime.Observe(key);
        switch (state.Kind)
        {
            case GuestStateKind.PoweredOff:
                SimJson.SetCondition(status, "Ready", "False", "GuestShutdown", state.Reason, Now);
                Enter(status, key.Uid, "Succeeded");
                break;
            case GuestStateKind.Crashed:
                status["reason"] = "GuestFailed";
                SimJson.SetCondition(status, "Ready", "False", "GuestNotRunning", state.Reason, Now);
                Enter(status, key.Uid, "Failed");
                break;
            case GuestStateKind.Absent:
                var booting = await runtime.StartAsync(vmi, cancellationToken).ConfigureAwait(false);
                if (booting.Kind == RuntimeProgressKind.Waiting)
                {
                    pass.WakeAt(booting.Until);
                }

                break;
        }
    }

    /// <summary>The guest shuts down (as long as the runtime takes), then the VMI goes away.</summary>
    private async Task StopAsync(Pass pass, JsonObject vmi, VmiKey key, CancellationToken cancellationToken)
    {
        reservations.Remove(key.Uid);
        if (!ObjectMeta.Finalizers(vmi).Contains(VirtualMachineController.VmiFinalizer))
        {
            return;
        }

        var grace = vmi["spec"]?["terminationGracePeriodSeconds"] is JsonValue seconds && seconds.TryGetValue<long>(out var s) ? TimeSpan.FromSeconds(s) : DefaultGrace;
        var stopped = await runtime.StopAsync(key, grace, cancellationToken).ConfigureAwait(false);
        if (stopped.Kind == RuntimeProgressKind.Waiting)
        {
            pass.WakeAt(stopped.Until);
            return;
        }

        var copy = (JsonObject)vmi.DeepClone();
        ObjectMeta.SetFinalizers(copy, ObjectMeta.Finalizers(vmi).Where(f => f != VirtualMachineController.VmiFinalizer).ToList());
        await TryAsync(registry.UpdateAsync(pass.VmiType, key.Namespace, key.Name, copy, null, Write, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// What virt-handler reports of the domain: its topology and memory, following the spec as the runtime applies a
    /// hotplug; one it cannot apply live keeps what the guest runs and says a restart is required.
    /// </summary>
    private async Task ReportDomainAsync(VmiKey key, JsonObject vmi, JsonObject status, CancellationToken cancellationToken)
    {
        var spec = vmi["spec"]?["domain"];
        var sockets = SimJson.Int(spec?["cpu"]?["sockets"], 1);
        var guest = SimJson.Str(spec?["memory"]?["guest"]);
        if (SimJson.Str(status["phase"]) == "Running" && !await ResizedAsync(key, status, sockets, guest, cancellationToken).ConfigureAwait(false))
        {
            if (guest is not null && status["memory"] is JsonObject requested)
            {
                requested["guestRequested"] = guest;
            }

            return;
        }

        status["currentCPUTopology"] = new JsonObject
        {
            ["sockets"] = sockets,
            ["cores"] = SimJson.Int(spec?["cpu"]?["cores"], 1),
            ["threads"] = SimJson.Int(spec?["cpu"]?["threads"], 1),
        };
        if (guest is not null)
        {
            var memory = status["memory"] as JsonObject ?? new JsonObject { ["guestAtBoot"] = guest };
            memory["guestCurrent"] = guest;
            memory["guestRequested"] = guest;
            status["memory"] = memory;
        }

        status["qosClass"] = "Burstable";
        status["guestOSInfo"] ??= new JsonObject();
    }

    /// <returns>Whether the guest runs what the spec asks (already, or the runtime applied it live).</returns>
    private async Task<bool> ResizedAsync(VmiKey key, JsonObject status, long sockets, string? guest, CancellationToken cancellationToken)
    {
        var current = status["currentCPUTopology"];
        var currentGuest = status["memory"]?["guestCurrent"];
        var same = current is null
            || (SimJson.Int(current["sockets"], 1) == sockets && (guest is null || currentGuest is null || SimJson.Quantity(currentGuest) == SimJson.Quantity(JsonValue.Create(guest))));
        if (same)
        {
            SimJson.RemoveCondition(status, RestartRequiredCondition);
            return true;
        }

        if (SimJson.Condition(status, RestartRequiredCondition) is not null)
        {
            return false; // already refused: only a new boot takes it
        }

        if (await runtime.ResizeAsync(key, sockets, guest, cancellationToken).ConfigureAwait(false) == ResizeOutcome.Applied)
        {
            return true;
        }

        SimJson.SetCondition(status, RestartRequiredCondition, "True", "NotLiveUpdatable", "the guest cannot take this cpu or memory change live", Now);
        return false;
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
}
