using ElasticCompute.Api.Machines;
using k8s;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// Whether a computed status differs from the stored one, so the reconciler writes status only when it
/// changed (an idle resync then writes nothing). Compared as the JSON the API server would store, since the
/// records hold lists (compared by reference) and quantities that may be spelt differently.
/// </summary>
internal static class MachineStatusDiff
{
    public static bool HasChanged(ElasticMachineStatus? current, ElasticMachineStatus desired) => ChangedFields(current, desired).Count > 0;

    /// <summary>The top-level fields (and condition types, as conditions[Ready]) that differ, for logs and events.</summary>
    public static IReadOnlyList<string> ChangedFields(ElasticMachineStatus? current, ElasticMachineStatus desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var changed = new List<string>();
        Compare("phase", current?.Phase, desired.Phase);
        Compare("observedGeneration", current?.ObservedGeneration, desired.ObservedGeneration);
        Compare("cpu", current?.Cpu, desired.Cpu);
        Compare("memory", Bytes(current?.Memory), Bytes(desired.Memory));
        Compare("nodeName", current?.NodeName, desired.NodeName);
        Compare("virtualMachineName", current?.VirtualMachineName, desired.VirtualMachineName);
        Compare("ipAddress", current?.IpAddress, desired.IpAddress);
        Compare("disk", Json(current?.Disk), Json(desired.Disk));
        Compare("access", current?.Access is null ? null : KubernetesJson.Serialize(current.Access), desired.Access is null ? null : KubernetesJson.Serialize(desired.Access));

        var before = current?.Conditions ?? [];
        var after = desired.Conditions ?? [];
        foreach (var type in before.Select(c => c.Type).Union(after.Select(c => c.Type)))
        {
            var a = before.FirstOrDefault(c => c.Type == type);
            var b = after.FirstOrDefault(c => c.Type == type);
            if (a is null || b is null || a.Status != b.Status || a.Reason != b.Reason || a.Message != b.Message
                || a.ObservedGeneration != b.ObservedGeneration || a.LastTransitionTime.ToUniversalTime() != b.LastTransitionTime.ToUniversalTime())
            {
                changed.Add($"conditions[{type}]");
            }
        }

        if (changed.Count == 0 && !before.Select(c => c.Type).SequenceEqual(after.Select(c => c.Type)))
        {
            changed.Add("conditions");
        }

        return changed;

        void Compare<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                changed.Add(field);
            }
        }
    }

    /// <summary>
    /// True when the statuses differ only in what reports progress: condition messages (a disk import's
    /// percentage), the node and the address (known a moment before the machine runs). Phase, reasons, statuses,
    /// generations, sizes and disk are the same.
    /// </summary>
    public static bool OnlyProgressChanged(ElasticMachineStatus? current, ElasticMachineStatus desired) =>
        OnlyProgressChanged(current, desired, ChangedFields(current, desired));

    /// <summary><see cref="OnlyProgressChanged(ElasticMachineStatus?, ElasticMachineStatus)"/> given the <see cref="ChangedFields"/> already found.</summary>
    public static bool OnlyProgressChanged(ElasticMachineStatus? current, ElasticMachineStatus desired, IReadOnlyList<string> changed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(changed);
        if (current is null)
        {
            return false;
        }

        if (changed.Count == 0 || !changed.All(f => f.StartsWith("conditions[", StringComparison.Ordinal) || f is "nodeName" or "ipAddress"))
        {
            return false;
        }

        var before = current.Conditions ?? [];
        return (desired.Conditions ?? []).All(b => before.FirstOrDefault(c => c.Type == b.Type) is { } a
            && a.Status == b.Status && a.Reason == b.Reason && a.ObservedGeneration == b.ObservedGeneration
            && a.LastTransitionTime.ToUniversalTime() == b.LastTransitionTime.ToUniversalTime());
    }

    /// <summary>
    /// True when the statuses differ only on the way to Running: progress (as <see cref="OnlyProgressChanged"/>), or a
    /// step between Provisioning and Starting with the conditions that step flips, while the generation, size, VM and
    /// disk stay as they were and the machine is still not Ready. A person waiting sees the next settled phase (or
    /// the next interval's step) instead of every step of a start that takes a second or two.
    /// </summary>
    public static bool OnlyInterimChange(ElasticMachineStatus? current, ElasticMachineStatus desired) =>
        OnlyInterimChange(current, desired, ChangedFields(current, desired));

    /// <summary><see cref="OnlyInterimChange(ElasticMachineStatus?, ElasticMachineStatus)"/> given the <see cref="ChangedFields"/> already found.</summary>
    public static bool OnlyInterimChange(ElasticMachineStatus? current, ElasticMachineStatus desired, IReadOnlyList<string> changed)
    {
        if (OnlyProgressChanged(current, desired, changed))
        {
            return true;
        }

        if (current?.Phase is not (MachinePhase.Provisioning or MachinePhase.Starting) || desired.Phase is not (MachinePhase.Provisioning or MachinePhase.Starting))
        {
            return false;
        }

        return changed.Count > 0
            && changed.All(f => f is "phase" or "nodeName" or "ipAddress" || f.StartsWith("conditions[", StringComparison.Ordinal))
            && desired.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status != "True";
    }

    private static decimal? Bytes(Api.Quantities.Quantity? q) => q is { } v && v.TryGetValue(out var bytes) ? bytes : null;

    private static string? Json(DiskStatus? disk) => disk is null ? null : KubernetesJson.Serialize(disk);
}
