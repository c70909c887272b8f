using System.Text.Json.Nodes;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Validation;
using ElasticCompute.Operator.Controllers;
using ElasticCompute.Operator.Machines;
using k8s;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// Refuses a machine that cannot work, with every violation in one message ("spec.cpu: ...; spec.memory: ..."):
/// the shared rules (the update rules on an update), and the namespace quota counted over the namespace's
/// machines plus this one. A machine that fits its quota but finds no node with room now is admitted with a
/// warning (kubectl prints it): capacity frees, and the operator places it then.
/// </summary>
internal sealed class MachineValidatingWebhook(
    Func<EffectivePolicy> policy, IElasticMachineValidator validator, MachineCaches caches, ICapacityPlanner planner) : IAdmissionHandler
{
    public string Path => "/validate-elasticmachine";

    public AdmissionResponse Review(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation is not ("CREATE" or "UPDATE") || request.Object is not { } obj || !string.IsNullOrEmpty(request.SubResource))
        {
            return AdmissionResponse.Allow(request.Uid);
        }

        ElasticMachine machine;
        ElasticMachine? current;
        try
        {
            machine = Read(obj);
            current = request.OldObject is { } old ? Read(old) : null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return AdmissionResponse.Deny(request.Uid, 400, "BadRequest", $"the ElasticMachine cannot be read: {e.Message}");
        }

        // A machine on its way out must always be able to shed its finalizer.
        if (machine.Metadata.DeletionTimestamp is not null)
        {
            return AdmissionResponse.Allow(request.Uid);
        }

        machine.Metadata.NamespaceProperty ??= request.Namespace;
        var effective = policy();
        var result = current is null ? validator.ValidateCreate(machine, effective) : validator.ValidateUpdate(current, machine, effective);
        var refusals = result.ToMessages().ToList();
        if (refusals.Count > 0 || MachineSize.Of(machine.Spec, effective.InstanceTypes) is not { } size)
        {
            return AdmissionResponse.Deny(request.Uid, 422, "Invalid", string.Join("; ", refusals.DefaultIfEmpty("spec: the machine's size cannot be resolved")));
        }

        var wanted = MachineUsage.Of(machine, effective.InstanceTypes)!;
        var now = current is null ? null : MachineUsage.Of(current, effective.InstanceTypes);
        var ns = request.Namespace ?? string.Empty;
        if (effective.QuotaFor(ns) is { } limits)
        {
            var others = caches.Machines.List(ns)
                .Where(m => m.Metadata.Name != machine.Metadata.Name && m.Metadata.DeletionTimestamp is null)
                .Select(m => MachineUsage.Of(m, effective.InstanceTypes))
                .OfType<MachineUsage>()
                .ToArray();
            var quota = planner.CheckQuota(ns, limits, others, wanted with { DiskBytes = DiskBytes(machine, current) }, now);
            if (!quota.Fits)
            {
                return AdmissionResponse.Deny(request.Uid, 403, "Forbidden", $"exceeded quota: {quota.Message}");
            }
        }

        // Capacity is not a refusal: warn when no node has room now (and only when the machine asks for more than it has).
        var grows = now is null || size.Cpu > now.Cpu || size.MemoryBytes > now.MemoryBytes;
        if (grows)
        {
            var pool = effective.TryGetPool(machine.Spec.Pool, out var p) ? p : effective.DefaultPool;
            var fit = planner.CheckFit(pool, caches.Nodes.List(), caches.Usage.Snapshot(current is null ? null : new MachineKey(ns, machine.Metadata.Name)), size);
            if (!fit.Fits)
            {
                return AdmissionResponse.Allow(request.Uid, [Warning(size, fit)]);
            }
        }

        return AdmissionResponse.Allow(request.Uid);
    }

    private static string Warning(MachineSize size, CapacityVerdict fit)
    {
        var memory = QuantityFormatter.FormatApproximate(size.MemoryBytes);
        return fit.Reason == CapacityVerdict.NoSchedulableNodes
            ? $"{fit.Message} now; the machine will wait"
            : $"no node has {size.Cpu} free vCPUs and {memory} free now; the machine will wait ({fit.Message})";
    }

    /// <summary>The disk this machine will hold: its size (the mutating webhook set it), else the stored one.</summary>
    private static decimal DiskBytes(ElasticMachine machine, ElasticMachine? current) =>
        (machine.Spec.Storage?.Size ?? current?.Status?.Disk?.Size ?? current?.Spec.Storage?.Size) is { } q && q.TryGetValue(out var bytes) ? bytes : 0;

    private static ElasticMachine Read(JsonObject obj) =>
        KubernetesJson.Deserialize<ElasticMachine>(obj) ?? throw new System.Text.Json.JsonException("empty object");
}
