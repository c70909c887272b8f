using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Validation;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Runtime.Controllers;
using ElasticCompute.Runtime.Events;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Informers;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Operator.Controllers;

/// <summary>
/// Turns each ElasticMachine into a CDI DataVolume (owned by the machine, so the VM can be recreated
/// without touching data) and a KubeVirt VirtualMachine (owned by the machine), checks capacity and
/// quota before placing or growing, keeps both as declared (drift is undone), reports status, and on
/// deletion keeps or removes the disk as the reclaim policy says before letting the machine go.
/// Every step reads the caches and writes only what differs, so a re-run (after a crash between two
/// writes, or an idle resync) converges without duplicates.
/// </summary>
internal sealed class ElasticMachineReconciler(
    Kubernetes client,
    MachineCaches caches,
    IEventRecorder events,
    PolicySource policies,
    WrittenStatuses writtenStatuses,
    TimeProvider time) : IReconciler<ElasticMachine>, ITerminalErrorObserver
{
    private static readonly TimeSpan CapacityRetry = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Progress (a disk import's percentage, the node and address a moment before the machine runs) and the step from
    /// Provisioning to Starting are written at most this long after the machine's previous status write: every write
    /// is a watch event for every client, and CDI reports progress far more often than a person reads it. Other
    /// changes (Running, a failure, a wait for capacity, a new size) are written at once, and carry whatever was held back.
    /// </summary>
    internal static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DeletionPoll = TimeSpan.FromSeconds(1);

    // When each machine still on its way (not Running, Stopped or Failed) last had its status written.
    private readonly ConcurrentDictionary<(string Namespace, string Name), DateTimeOffset> statusWritten = new();
    private readonly IVirtualMachineBuilder vmBuilder = new VirtualMachineBuilder();
    private readonly IDataVolumeBuilder dvBuilder = new DataVolumeBuilder(Api.ElasticComputeApi.CreateRecommender());
    private readonly ICapacityPlanner capacity = new CapacityPlanner();
    private readonly IMachineStatusCalculator statuses = new MachineStatusCalculator();
    private readonly IElasticMachineValidator validator = Api.ElasticComputeApi.CreateValidator();
    private readonly MachineServices services = new(client, caches, events);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var ns = request.Namespace ?? string.Empty;
        var cached = caches.Machines.Find(ns, request.Name);
        if (cached is null || cached.Metadata.DeletionTimestamp is not null)
        {
            statusWritten.TryRemove((ns, request.Name), out _);
            writtenStatuses.Forget(ns, request.Name);
            caches.Usage.Release(new MachineKey(ns, request.Name)); // room set aside for a VM never made
        }

        // With the status this operator last wrote, if the cache has not shown it yet.
        var machine = cached is null ? null : writtenStatuses.Known(cached);

        if (machine is null)
        {
            return ReconcileResult.Done;
        }

        if (machine.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(machine, cancellationToken).ConfigureAwait(false);
        }

        string? finalizerVersion = null;
        if (!(machine.Metadata.Finalizers?.Contains(ElasticMachine.CleanupFinalizer) ?? false))
        {
            finalizerVersion = await PatchMachineAsync(machine, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["finalizers"] = new JsonArray([.. (machine.Metadata.Finalizers ?? []).Select(f => (JsonNode?)f), ElasticMachine.CleanupFinalizer]),
                    ["resourceVersion"] = machine.Metadata.ResourceVersion,
                },
            }, cancellationToken).ConfigureAwait(false);
        }

        var policy = policies.Current();
        var vmName = machine.Metadata.Name;
        var dvName = DataVolumeNames.For(vmName);
        var dv = caches.DataVolumes.Find(ns, dvName);
        var vm = caches.VirtualMachines.Find(ns, vmName);
        var vmi = caches.Instances.Find(ns, vmName);

        // A machine not yet placed must pass today's rules; one already running keeps running (ratcheting).
        var ownsDisk = dv is not null && IsOwner(machine, dv);
        if (vm is null && !ownsDisk)
        {
            var result = validator.ValidateCreate(machine, policy);
            if (!result.IsValid)
            {
                throw new TerminalReconcileException("InvalidSpec", string.Join("; ", result.ToMessages()));
            }
        }

        var size = MachineSize.Of(machine.Spec, policy.InstanceTypes)
            ?? throw new TerminalReconcileException("InvalidSpec", "the machine's size cannot be resolved (cpu and memory, or a known instanceType)");
        var plan = dvBuilder.Build(machine, policy, size, dv is null ? null : machine.Status?.Disk);
        if (dv is not null && !ownsDisk)
        {
            (dv, var conflict) = await ClaimDiskAsync(machine, plan, cancellationToken).ConfigureAwait(false);
            if (conflict is not null)
            {
                events.Warning(machine, "DiskConflict", "Provision", conflict);
                await WriteStatusAsync(machine, finalizerVersion, null, vm, vmi, null, plan, size, null, conflict, null, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.RequeueAfter(CapacityRetry); // the disk in the way is nobody's to watch: look again
            }
        }

        // Capacity and quota: checked before a machine is placed and whenever its size changes.
        CapacityVerdict? verdict = null;
        var currentSize = vm is null ? null : CurrentSize(vm);
        if (vm is null || currentSize is null || size != currentSize)
        {
            var shrinks = currentSize is not null && size.Cpu <= currentSize.Cpu && size.MemoryBytes <= currentSize.MemoryBytes;
            // A shrink is never refused, but is still judged: the condition then describes the size asked, not the one before.
            verdict = CheckCapacity(machine, policy, size, plan, vm is not null, shrinks, vmi?.Status?.NodeName);
            if (!verdict.Fits)
            {
                if (StartsWaiting(machine, verdict))
                {
                    events.Warning(machine, verdict.Reason, "Place", verdict.Message);
                }

                // A new message while it waits (the free room changed) is progress, written at most every ProgressInterval.
                var progress = await WriteStatusAsync(machine, finalizerVersion, dv, vm, vmi, verdict, plan, size, null, null, null, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.RequeueAfter(progress is { } soon && soon < CapacityRetry ? soon : CapacityRetry);
            }
        }

        var step = "writing the disk";
        VirtualMachine current;
        string? restartMessage;
        try
        {
            dv = await EnsureDiskAsync(machine, dv, plan, cancellationToken).ConfigureAwait(false);
            step = "writing the SSH key Secret";
            await EnsureSshKeySecretAsync(machine, cancellationToken).ConfigureAwait(false);
            step = "writing the virtual machine";
            (current, restartMessage) = await EnsureVirtualMachineAsync(machine, policy, size, vm, dvName, cancellationToken).ConfigureAwait(false);
            step = "writing the service";
            await services.EnsureAsync(machine, policy, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is not HttpStatusCode.Conflict && !cancellationToken.IsCancellationRequested)
        {
            // A refusal that retrying alone may not cure (forbidden, invalid, KubeVirt or CDI not installed) shows on the
            // machine, not only in the operator's log; the runtime retries with back-off, and the next pass that gets
            // through clears it. A conflict is routine (someone wrote first) and is only retried.
#pragma warning disable CA1031 // best effort: the write that failed is what the runtime reports and retries
            try
            {
                await WriteStatusAsync(machine, finalizerVersion, dv, vm, vmi, verdict, plan, size, null, null, $"{step} failed: {ApiErrors.Describe(e)}; retrying", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
            }
#pragma warning restore CA1031

            throw;
        }

        return await WriteStatusAsync(machine, finalizerVersion, dv, current, vmi, verdict, plan, size, restartMessage, null, null, cancellationToken).ConfigureAwait(false) is { } later
            ? ReconcileResult.RequeueAfter(later)
            : ReconcileResult.Done;
    }

    public async Task OnTerminalErrorAsync(ReconcileRequest request, TerminalReconcileException exception, CancellationToken cancellationToken)
    {
        var machine = caches.Machines.Find(request.Namespace ?? string.Empty, request.Name);
        if (machine is null)
        {
            return;
        }

        var status = statuses.Calculate(new MachineObservation { Machine = machine }, time.GetUtcNow());
        status.Phase = MachinePhase.Failed;
        SetCondition(status, MachineConditions.Ready, "False", exception.Reason, exception.Message, machine.Metadata.Generation);
        await PatchStatusAsync(machine, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a refusal is news: the machine did not wait already for this reason at this generation. A waiting machine is
    /// checked again and again, and the free room its message names changes as others come and go; the condition keeps
    /// that current, and one event per wait keeps `kubectl describe` readable.
    /// </summary>
    private static bool StartsWaiting(ElasticMachine machine, CapacityVerdict verdict) =>
        machine.Status?.Conditions?.FirstOrDefault(c => c.Type == MachineConditions.CapacityAvailable) is not { Status: "False" } waiting
        || waiting.Reason != verdict.Reason
        || waiting.ObservedGeneration != machine.Metadata.Generation;

    private CapacityVerdict CheckCapacity(ElasticMachine machine, EffectivePolicy policy, MachineSize size, DiskPlan plan, bool placed, bool shrinks, string? node)
    {
        var ns = machine.Metadata.NamespaceProperty;
        var pool = policy.TryGetPool(machine.Spec.Pool, out var p) ? p : policy.DefaultPool;
        var key = new MachineKey(ns, machine.Metadata.Name);
        var nodes = caches.Nodes.List();

        // Machines admitted but not yet running hold their place in the quota too, or two at once could
        // both "fit". Summing them costs a pass over the namespace, so it is done only where a quota applies.
        var limits = policy.QuotaFor(ns);
        var others = limits is null
            ? []
            : caches.Machines.List(ns)
                .Where(m => m.Metadata.Name != machine.Metadata.Name)
                .Select(m => MachineUsage.Of(m, policy.InstanceTypes))
                .OfType<MachineUsage>()
                .ToArray();
        var wanted = new MachineUsage(size.Cpu, size.MemoryBytes, plan.SizeBytes);
        var current = MachineUsage.Of(machine, policy.InstanceTypes);
        var quota = capacity.CheckQuota(ns, limits, others, wanted, placed ? current : null);
        if (shrinks)
        {
            return CapacityVerdict.Combine(capacity.Keep(node, size), quota);
        }

        if (placed)
        {
            return CapacityVerdict.Combine(capacity.CheckFit(pool, nodes, caches.Usage.Snapshot(key), size), quota);
        }

        // A machine to place takes its room at once, so machines created together do not all take the same room.
        return caches.Usage.TryPlace(key, size, usage => CapacityVerdict.Combine(capacity.CheckFit(pool, nodes, usage, size), quota));
    }

    private async Task<DataVolume> EnsureDiskAsync(ElasticMachine machine, DataVolume? dv, DiskPlan plan, CancellationToken cancellationToken)
    {
        var ns = machine.Metadata.NamespaceProperty;
        if (dv is null)
        {
            var created = await CreateAsync(plan.DataVolume, DataVolume.KubeGroup, DataVolume.KubeApiVersion, ns, DataVolume.KubePluralName, cancellationToken).ConfigureAwait(false);
            if (created)
            {
                events.Normal(machine, "DiskCreated", "Provision", $"created disk {plan.DataVolume.Metadata.Name} of {plan.Disk.Size}");
            }

            return plan.DataVolume;
        }

        // A bigger disk grows the claim; a smaller one is never applied. The claim is read only when the
        // size asked differs from what the disk was created with (claims are not cached: they are many).
        var createdSize = dv.Spec?.Storage?.Resources?.Requests is { } asked && asked.TryGetValue("storage", out var first) && first.TryGetValue(out var bytes) ? bytes : (decimal?)null;
        if (createdSize is { } createdBytes && plan.SizeBytes != createdBytes)
        {
            V1PersistentVolumeClaim? claim;
            try
            {
                claim = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(dv.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                claim = null;
            }

            if (claim?.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var requested))
            {
                var now = requested.ToDecimal();
                if (plan.SizeBytes > now)
                {
                    await client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                        new V1Patch(new JsonObject
                        {
                            ["spec"] = new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = Api.Quantities.QuantityFormatter.Format(plan.SizeBytes) } } },
                        }.ToJsonString(), V1Patch.PatchType.MergePatch),
                        claim.Metadata.Name,
                        ns,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    events.Normal(machine, "DiskGrowing", "Resize", $"growing disk {dv.Metadata.Name} from {Api.Quantities.QuantityFormatter.Format(now)} to {Api.Quantities.QuantityFormatter.Format(plan.SizeBytes)}");
                }
                else if (plan.SizeBytes < now)
                {
                    events.Warning(machine, "DiskShrinkRefused", "Resize", $"disk {dv.Metadata.Name} stays at {Api.Quantities.QuantityFormatter.Format(now)}: disks only grow");
                }
            }
        }

        return dv;
    }

    private static bool IsOwner(ElasticMachine machine, DataVolume dv) => dv.Metadata.OwnerReferences?.Any(o => o.Uid == machine.Metadata.Uid) == true;

    /// <summary>
    /// The machine's disk name is taken by a DataVolume that is not its own. One this operator kept (reclaimPolicy Retain)
    /// from an earlier machine of the same name, holding the same image, is reattached: owned by this machine again and no
    /// longer labelled released, so the data comes back and a later delete treats it as this machine's. Anything else is a
    /// conflict for the user to resolve; the machine waits and says why.
    /// </summary>
    private async Task<(DataVolume? Disk, string? Conflict)> ClaimDiskAsync(ElasticMachine machine, DiskPlan plan, CancellationToken cancellationToken)
    {
        var ns = machine.Metadata.NamespaceProperty;
        var name = plan.DataVolume.Metadata.Name;
        DataVolume found;
        try
        {
            // Read whole: the cache keeps neither labels nor the source.
            var raw = (System.Text.Json.JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(
                DataVolume.KubeGroup, DataVolume.KubeApiVersion, ns, DataVolume.KubePluralName, name, cancellationToken).ConfigureAwait(false);
            found = KubernetesJson.Deserialize<DataVolume>(raw.GetRawText());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null); // gone meanwhile: made afresh
        }

        if (IsOwner(machine, found))
        {
            return (found, null);
        }

        var releasedFrom = found.Metadata.Labels?.TryGetValue(MachineLabels.ReleasedFrom, out var from) == true ? from : null;
        if (releasedFrom != machine.Metadata.Name || found.Metadata.OwnerReferences?.Any(o => o.Controller == true) == true || found.Metadata.DeletionTimestamp is not null)
        {
            return (null, $"DataVolume {name} already exists and is not this machine's disk: delete it, or give the machine another name");
        }

        var held = DiskSources.Describe(found.Spec);
        var wanted = DiskSources.Describe(plan.DataVolume.Spec);
        if (held != wanted)
        {
            return (null, $"disk {name}, kept from an earlier {releasedFrom}, holds {held}, not {wanted}: create the machine with that image to reattach the disk, or delete the disk (kubectl delete datavolume {name} -n {ns}) to start afresh");
        }

        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["ownerReferences"] = JsonNode.Parse(KubernetesJson.Serialize(plan.DataVolume.Metadata.OwnerReferences)),
                    ["labels"] = new JsonObject { [MachineLabels.ReleasedFrom] = null },
                    ["resourceVersion"] = found.Metadata.ResourceVersion,
                },
            }.ToJsonString(), V1Patch.PatchType.MergePatch),
            DataVolume.KubeGroup, DataVolume.KubeApiVersion, ns, DataVolume.KubePluralName, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        events.Normal(machine, "DiskReattached", "Provision", $"reattached disk {name}, kept from an earlier {releasedFrom} (reclaimPolicy Retain)");
        return (found, null);
    }

    private async Task EnsureSshKeySecretAsync(ElasticMachine machine, CancellationToken cancellationToken)
    {
        if (vmBuilder.BuildSshKeySecret(machine) is not { } secret)
        {
            return;
        }

        try
        {
            await client.CoreV1.CreateNamespacedSecretAsync(secret, machine.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            await client.CoreV1.ReplaceNamespacedSecretAsync(secret, secret.Metadata.Name, machine.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(VirtualMachine Vm, string? RestartMessage)> EnsureVirtualMachineAsync(
        ElasticMachine machine, EffectivePolicy policy, MachineSize size, VirtualMachine? vm, string dvName, CancellationToken cancellationToken)
    {
        var ns = machine.Metadata.NamespaceProperty;
        var desired = vmBuilder.Build(machine, policy, size, dvName, vm is null ? null : HotplugLimits.Of(vm));
        if (vm is null)
        {
            if (await CreateAsync(desired, VirtualMachine.KubeGroup, VirtualMachine.KubeApiVersion, ns, VirtualMachine.KubePluralName, cancellationToken).ConfigureAwait(false))
            {
                events.Normal(machine, "VirtualMachineCreated", "Provision", $"created virtual machine {desired.Metadata.Name} with {size.Cpu} vCPU and {Api.Quantities.QuantityFormatter.Format(size.MemoryBytes)}");
            }

            return (desired, null);
        }

        // Drift and changes: what we own in the VM's spec is put back as declared.
        var wanted = KubernetesJson.Serialize(desired.Spec);
        if ((vm.SpecDigest ?? SpecHash.Of(vm.Spec)) != SpecHash.OfJson(wanted))
        {
            var limits = HotplugLimits.Of(vm);
            var live = limits is not null && limits.Holds(size);
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch(new JsonObject { ["spec"] = JsonNode.Parse(wanted) }.ToJsonString(), V1Patch.PatchType.MergePatch),
                VirtualMachine.KubeGroup,
                VirtualMachine.KubeApiVersion,
                ns,
                VirtualMachine.KubePluralName,
                vm.Metadata.Name,
                fieldManager: "elasticcompute-operator",
                cancellationToken: cancellationToken).ConfigureAwait(false);
            events.Normal(machine, "VirtualMachineUpdated", "Update", live ? "updated the virtual machine (applied live)" : "updated the virtual machine");
            vm = desired with { Metadata = vm.Metadata, Status = vm.Status };
        }

        var restart = vm.Status?.Conditions?.FirstOrDefault(c => c.Type == MachineConditions.RestartRequired && c.Status == "True");
        if (restart is not null && RestartOnResize.OptedIn(machine))
        {
            using var restartRequest = new HttpRequestMessage(HttpMethod.Put, new Uri(client.BaseUri, $"apis/subresources.kubevirt.io/v1/namespaces/{ns}/virtualmachines/{vm.Metadata.Name}/restart"))
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            if (client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(restartRequest, cancellationToken).ConfigureAwait(false);
            }

            using var response = await client.HttpClient.SendAsync(restartRequest, cancellationToken).ConfigureAwait(false);

            // A failed request is retried with back-off: nothing else would bring this machine back here. 409 means a
            // restart is already underway (or the VM is not running), which the next change reconciles.
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
            {
                throw new HttpRequestException($"restarting virtual machine {vm.Metadata.Name} failed: {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            }

            if (response.IsSuccessStatusCode)
            {
                events.Normal(machine, "Restarting", "Resize", "restarting the machine to apply its new size (restart-on-resize)");
            }
        }

        return (vm, restart?.Message ?? (restart is null ? null : "a restart applies the new size"));
    }

    private async Task<ReconcileResult> FinalizeAsync(ElasticMachine machine, CancellationToken cancellationToken)
    {
        if (!(machine.Metadata.Finalizers?.Contains(ElasticMachine.CleanupFinalizer) ?? false))
        {
            return ReconcileResult.Done;
        }

        var ns = machine.Metadata.NamespaceProperty;
        if (caches.VirtualMachines.Find(ns, machine.Metadata.Name) is { } vm)
        {
            if (vm.Metadata.DeletionTimestamp is null)
            {
                await DeleteAsync(VirtualMachine.KubeGroup, VirtualMachine.KubeApiVersion, ns, VirtualMachine.KubePluralName, vm.Metadata.Name, cancellationToken).ConfigureAwait(false);
                events.Normal(machine, "VirtualMachineDeleted", "Release", $"deleted virtual machine {vm.Metadata.Name}");
            }

            return ReconcileResult.RequeueAfter(DeletionPoll);
        }

        var dvName = DataVolumeNames.For(machine.Metadata.Name);
        if (caches.DataVolumes.Find(ns, dvName) is { } dv && dv.Metadata.OwnerReferences?.Any(o => o.Uid == machine.Metadata.Uid) == true)
        {
            if (machine.Spec.Storage?.ReclaimPolicy == ReclaimPolicy.Delete)
            {
                await DeleteAsync(DataVolume.KubeGroup, DataVolume.KubeApiVersion, ns, DataVolume.KubePluralName, dvName, cancellationToken).ConfigureAwait(false);
                events.Normal(machine, "DiskDeleted", "Release", $"deleted disk {dvName} (reclaimPolicy Delete)");
            }
            else
            {
                // Retain: the disk outlives the machine, released and labelled so it can be found again.
                var remaining = dv.Metadata.OwnerReferences.Where(o => o.Uid != machine.Metadata.Uid).ToArray();
                await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                    new V1Patch(new JsonObject
                    {
                        ["metadata"] = new JsonObject
                        {
                            ["ownerReferences"] = remaining.Length == 0 ? null : JsonNode.Parse(KubernetesJson.Serialize(remaining)),
                            ["labels"] = new JsonObject { [MachineLabels.ReleasedFrom] = machine.Metadata.Name },
                        },
                    }.ToJsonString(), V1Patch.PatchType.MergePatch),
                    DataVolume.KubeGroup,
                    DataVolume.KubeApiVersion,
                    ns,
                    DataVolume.KubePluralName,
                    dvName,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                events.Normal(machine, "DiskRetained", "Release", $"kept disk {dvName} (reclaimPolicy Retain), labelled {MachineLabels.ReleasedFrom}={machine.Metadata.Name}");
            }
        }

        await PatchMachineAsync(machine, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray(machine.Metadata.Finalizers.Where(f => f != ElasticMachine.CleanupFinalizer).Select(f => (JsonNode?)f).ToArray()),
                ["resourceVersion"] = machine.Metadata.ResourceVersion,
            },
        }, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Writes the status when it changed; returns when to come back for progress held back (null: nothing held).
    /// <paramref name="finalizerVersion"/> is the resourceVersion this reconcile's finalizer patch made, if it made one.
    /// </summary>
    private async Task<TimeSpan?> WriteStatusAsync(
        ElasticMachine machine, string? finalizerVersion, DataVolume? dv, VirtualMachine? vm, VirtualMachineInstance? vmi, CapacityVerdict? verdict, DiskPlan plan, MachineSize size, string? restartMessage, string? diskConflict, string? applyError, CancellationToken cancellationToken)
    {
        var status = statuses.Calculate(new MachineObservation
        {
            Machine = machine,
            DataVolume = dv,
            VirtualMachine = vm,
            Instance = vmi,
            Capacity = verdict,
            Disk = plan.Disk,
            Size = size,
            RestartRequiredMessage = restartMessage,
            DiskConflict = diskConflict,
            ApplyError = applyError,
        }, time.GetUtcNow());
        status.Access = services.Access(machine, policies.Current(), vmi?.Status?.NodeName);
        var changes = MachineStatusDiff.ChangedFields(machine.Status, status);
        var key = (machine.Metadata.NamespaceProperty ?? string.Empty, machine.Metadata.Name);
        if (changes.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (MachineStatusDiff.OnlyInterimChange(machine.Status, status, changes) && statusWritten.TryGetValue(key, out var written) && now - written < ProgressInterval)
        {
            return ProgressInterval - (now - written);
        }

        await PatchStatusAsync(machine, status, cancellationToken).ConfigureAwait(false);
        writtenStatuses.Record(machine, status, finalizerVersion);
        if (status.Phase is MachinePhase.Running or MachinePhase.Stopped or MachinePhase.Failed)
        {
            statusWritten.TryRemove(key, out _); // settled: the next change is news, written at once
        }
        else
        {
            statusWritten[key] = now;
        }

        if (machine.Status?.Phase != status.Phase && status.Phase is { } phase)
        {
            events.Normal(machine, phase.ToString(), "Status", $"machine is {phase}");
        }

        return null;
    }

    private Task PatchStatusAsync(ElasticMachine machine, ElasticMachineStatus status, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch($$"""[{"op":"add","path":"/status","value":{{KubernetesJson.Serialize(status)}}}]""", V1Patch.PatchType.JsonPatch),
            ElasticMachine.KubeGroup,
            ElasticMachine.KubeApiVersion,
            machine.Metadata.NamespaceProperty,
            ElasticMachine.KubePluralName,
            machine.Metadata.Name,
            fieldManager: "elasticcompute-operator",
            cancellationToken: cancellationToken);

    /// <summary>Patches the machine (not its status); returns the resourceVersion the patch made.</summary>
    private async Task<string?> PatchMachineAsync(ElasticMachine machine, JsonObject patch, CancellationToken cancellationToken)
    {
        var patched = await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            ElasticMachine.KubeGroup,
            ElasticMachine.KubeApiVersion,
            machine.Metadata.NamespaceProperty,
            ElasticMachine.KubePluralName,
            machine.Metadata.Name,
            fieldManager: "elasticcompute-operator",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return patched is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } json
            && json.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var version)
            ? version.GetString()
            : null;
    }

    /// <summary>Creates an object; false when it exists already (a re-run after a crash or a stale cache).</summary>
    private async Task<bool> CreateAsync(object body, string group, string version, string ns, string plural, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, group, version, ns, plural, fieldManager: "elasticcompute-operator", cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && e.Response.Content?.Contains("\"AlreadyExists\"", StringComparison.Ordinal) == true)
        {
            return false;
        }
    }

    private async Task DeleteAsync(string group, string version, string ns, string plural, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, ns, plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private static MachineSize? CurrentSize(VirtualMachine vm)
    {
        var domain = vm.Spec.Template?.Spec?.Domain;
        var cpu = domain?.Cpu?.VirtualCpus;
        return cpu is { } c && domain?.Memory?.Guest is { } guest && guest.TryGetValue(out var bytes) ? new MachineSize(c, bytes) : null;
    }

    private void SetCondition(ElasticMachineStatus status, string type, string value, string reason, string message, long? generation)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        var now = time.GetUtcNow().UtcDateTime;
        var condition = new V1Condition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = existing?.Status == value ? existing.LastTransitionTime : new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
        };
        if (existing is not null)
        {
            status.Conditions.Remove(existing);
        }

        status.Conditions.Add(condition);
    }
}
