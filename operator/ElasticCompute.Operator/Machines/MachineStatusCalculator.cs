using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <remarks>
/// Ready follows kstatus: True only when the machine is in the state its spec asks for, as of the current
/// generation: running (VMI Running and ready, at the asked size, nothing waiting for a restart or for
/// capacity) for Always and RerunOnFailure, stopped for Halted, either steady state for Manual. A condition
/// keeps its lastTransitionTime while its status stays the same.
/// </remarks>
internal sealed class MachineStatusCalculator : IMachineStatusCalculator
{
    private sealed record Cond(string Type, string Status, string Reason, string Message);

    private const string DiskConflictReason = "DiskConflict";

    /// <summary>Ready's reason while the API server refuses the machine's disk, key or VM.</summary>
    public const string ApplyFailedReason = "ApplyFailed";

    public ElasticMachineStatus Calculate(MachineObservation observation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var machine = observation.Machine;
        var previous = machine.Status;
        var generation = machine.Metadata.Generation;
        var strategy = machine.Spec.RunStrategy ?? RunStrategy.Always;
        var dv = observation.DataVolume;
        var vm = observation.VirtualMachine;
        var vmi = observation.Instance;
        var vmiPhase = vmi?.Status?.Phase;
        var vmiLive = vmi is not null && !VmiPhases.IsFinal(vmiPhase);
        var dvName = dv?.Metadata.Name ?? observation.Disk?.DataVolumeName ?? previous?.Disk?.DataVolumeName ?? DataVolumeNames.For(machine.Metadata.Name);

        var disk = observation.DiskConflict is { } conflict
            ? new Cond(MachineConditions.DiskReady, "False", DiskConflictReason, conflict)
            : DiskCondition(dv, dvName);
        var capacity = CapacityCondition(observation.Capacity, previous);
        var (cpu, memory) = CurrentSize(observation, vmiLive);
        var restart = RestartCondition(observation, vm, cpu, memory);
        var (phase, phaseReason, phaseMessage) = Phase(observation, strategy, vmiLive, capacity);
        var ready = observation.ApplyError is { } refused
            // The spec is not in place and the API server said why: that, not the step it stopped before, is the news.
            ? new Cond(MachineConditions.Ready, "False", ApplyFailedReason, refused)
            : ReadyCondition(observation, strategy, phase, phaseReason, phaseMessage, vmiLive, capacity, restart);

        var conditions = new List<Cond> { ready, disk, capacity, restart };
        if (phase == MachinePhase.Failed)
        {
            conditions.Add(new Cond(KStatusConditions.Stalled, "True", phaseReason, phaseMessage));
        }
        else if (ready.Status != "True")
        {
            conditions.Add(new Cond(KStatusConditions.Reconciling, "True", ready.Reason, ready.Message));
        }

        return new ElasticMachineStatus
        {
            Phase = phase,
            Conditions = conditions.Select(c => ToCondition(c, previous, generation, now)).ToList(),
            ObservedGeneration = generation,
            Cpu = cpu,
            Memory = memory,
            NodeName = vmiLive ? vmi!.Status?.NodeName : null,
            VirtualMachineName = vm?.Metadata.Name,
            IpAddress = vmiLive ? IpAddress(vmi!) : null,
            Disk = observation.Disk ?? previous?.Disk,
        };
    }

    private static (MachinePhase Phase, string Reason, string Message) Phase(MachineObservation o, RunStrategy strategy, bool vmiLive, Cond capacity)
    {
        var name = o.Machine.Metadata.Name;
        var dv = o.DataVolume;
        var vmi = o.Instance;
        var dvPhase = dv?.Status?.Phase;
        if (o.Machine.Metadata.DeletionTimestamp is not null)
        {
            return (MachinePhase.Terminating, "Terminating", $"machine {name} is being deleted");
        }

        if (o.DiskConflict is { } conflict)
        {
            return (MachinePhase.Pending, DiskConflictReason, conflict);
        }

        if (dvPhase == DataVolumePhases.Failed)
        {
            return (MachinePhase.Failed, "DiskFailed", DiskFailure(dv!));
        }

        if (vmi?.Status?.Phase == VmiPhases.Failed)
        {
            var reason = vmi.Status.Reason is { Length: > 0 } r ? $": {r}" : string.Empty;
            return (MachinePhase.Failed, "VirtualMachineFailed", $"the virtual machine failed{reason}");
        }

        if (vmiLive)
        {
            if (vmi!.Metadata.DeletionTimestamp is not null || strategy == RunStrategy.Halted)
            {
                return (MachinePhase.Stopping, "Stopping", "the virtual machine is stopping");
            }

            if (vmi.Status?.Phase == VmiPhases.Running)
            {
                return (MachinePhase.Running, "Running", $"running on node {vmi.Status.NodeName}");
            }

            if (Condition(vmi.Status?.Conditions, "PodScheduled") is { IsFalse: true } unscheduled)
            {
                return (MachinePhase.Pending, "Unschedulable", unscheduled.Message ?? "the virtual machine cannot be scheduled");
            }

            return (MachinePhase.Starting, "Starting", "the virtual machine is starting");
        }

        if (capacity.Status == "False" && o.VirtualMachine is null)
        {
            return (MachinePhase.Pending, capacity.Reason, capacity.Message);
        }

        if (dv is null)
        {
            return (MachinePhase.Pending, "DiskNotCreated", $"the disk {DataVolumeNames.For(name)} is not created yet");
        }

        if (dvPhase != DataVolumePhases.Succeeded)
        {
            return (MachinePhase.Provisioning, "Provisioning", Progress(dv));
        }

        if (o.VirtualMachine is null)
        {
            return (MachinePhase.Pending, "VirtualMachineNotCreated", "the virtual machine is not created yet");
        }

        var wantsRunning = strategy == RunStrategy.Always || (strategy == RunStrategy.RerunOnFailure && vmi?.Status?.Phase != VmiPhases.Succeeded);
        if (wantsRunning && capacity.Status == "False")
        {
            return (MachinePhase.Pending, capacity.Reason, capacity.Message);
        }

        return wantsRunning
            ? (MachinePhase.Starting, "Starting", "the virtual machine is starting")
            : (MachinePhase.Stopped, "Stopped", "the virtual machine is stopped");
    }

    private static Cond ReadyCondition(MachineObservation o, RunStrategy strategy, MachinePhase phase, string reason, string message, bool vmiLive, Cond capacity, Cond restart)
    {
        static Cond NotReady(string reason, string message) => new(MachineConditions.Ready, "False", reason, message);

        if (phase is MachinePhase.Terminating or MachinePhase.Failed or MachinePhase.Pending or MachinePhase.Provisioning or MachinePhase.Starting or MachinePhase.Stopping)
        {
            return NotReady(reason, message);
        }

        if (o.VirtualMachine is { } vm && vm.Status?.ObservedGeneration is { } seen && vm.Metadata.Generation is { } gen && seen < gen)
        {
            return NotReady("VirtualMachineUpdating", $"KubeVirt has not yet applied generation {gen} of the virtual machine");
        }

        var wantsRunning = strategy switch
        {
            RunStrategy.Always => true,
            RunStrategy.RerunOnFailure => phase == MachinePhase.Running,
            RunStrategy.Halted => false,
            _ => phase == MachinePhase.Running, // Manual: either steady state is as asked.
        };
        if (!wantsRunning)
        {
            return phase == MachinePhase.Stopped
                ? new Cond(MachineConditions.Ready, "True", "Stopped", "the machine is stopped, as its run strategy asks")
                : NotReady("Stopping", "the virtual machine is stopping");
        }

        if (phase != MachinePhase.Running || !vmiLive)
        {
            return NotReady(reason, message);
        }

        if (Condition(o.Instance!.Status?.Conditions, "Ready") is { IsTrue: false } guest)
        {
            return NotReady("GuestNotReady", guest.Message ?? "the guest is not ready yet");
        }

        if (restart.Status == "True")
        {
            return NotReady("RestartRequired", restart.Message);
        }

        if (capacity.Status == "False")
        {
            return NotReady(capacity.Reason, capacity.Message);
        }

        if (o.Size is { } size && Resizing(o.Instance!, size) is { } resizing)
        {
            return NotReady("Resizing", resizing);
        }

        return new Cond(MachineConditions.Ready, "True", "Running", message);
    }

    /// <summary>A message when the running VMI has not reached the asked size yet (a live resize in progress).</summary>
    private static string? Resizing(VirtualMachineInstance vmi, MachineSize size)
    {
        var cpu = vmi.Status?.CurrentCpuTopology?.VirtualCpus;
        var memory = vmi.Status?.Memory?.GuestCurrent is { } q && q.TryGetValue(out var bytes) ? bytes : (decimal?)null;
        if ((cpu is { } c && c != size.Cpu) || (memory is { } m && m != size.MemoryBytes))
        {
            return $"resizing to {size.Cpu} vCPU, {QuantityFormatter.FormatApproximate(size.MemoryBytes)}";
        }

        return null;
    }

    private static Cond DiskCondition(DataVolume? dv, string name)
    {
        const string type = MachineConditions.DiskReady;
        if (dv is null)
        {
            return new Cond(type, "False", "DiskNotCreated", $"DataVolume {name} does not exist yet");
        }

        return dv.Status?.Phase switch
        {
            DataVolumePhases.Succeeded => new Cond(type, "True", "DiskReady", $"DataVolume {name} is ready"),
            DataVolumePhases.Failed => new Cond(type, "False", "DiskFailed", DiskFailure(dv)),
            DataVolumePhases.WaitForFirstConsumer => new Cond(type, "False", "WaitingForFirstConsumer",
                $"DataVolume {name} waits for the machine to be scheduled (its storage class binds on first use)"),
            _ => new Cond(type, "False", "Provisioning", Progress(dv)),
        };
    }

    private static Cond CapacityCondition(CapacityVerdict? verdict, ElasticMachineStatus? previous)
    {
        if (verdict is not null)
        {
            return new Cond(MachineConditions.CapacityAvailable, verdict.Fits ? "True" : "False", verdict.Reason, verdict.Message);
        }

        return previous?.Conditions?.FirstOrDefault(c => c.Type == MachineConditions.CapacityAvailable) is { } kept
            ? new Cond(kept.Type, kept.Status, kept.Reason, kept.Message ?? string.Empty)
            : new Cond(MachineConditions.CapacityAvailable, "Unknown", "NotChecked", "capacity has not been checked yet");
    }

    private static Cond RestartCondition(MachineObservation o, VirtualMachine? vm, int? cpu, Quantity? memory)
    {
        if (o.RestartRequiredMessage is { } message)
        {
            return new Cond(MachineConditions.RestartRequired, "True", "BeyondHotplugLimits", WhatToDo(o, cpu, memory, message));
        }

        if (Condition(vm?.Status?.Conditions, "RestartRequired") is { IsTrue: true } kubevirt)
        {
            return new Cond(MachineConditions.RestartRequired, "True", "VirtualMachineRestartRequired",
                WhatToDo(o, cpu, memory, kubevirt.Message ?? "KubeVirt applies a change only after a restart"));
        }

        return new Cond(MachineConditions.RestartRequired, "False", "NoPendingChanges", "every change is applied");
    }

    /// <summary>
    /// KubeVirt's reason speaks of template fields; the person who resized wants to know which change waits and what
    /// to do about it: "memory 8Gi -> 4Gi applies at the next restart: ...".
    /// </summary>
    private static string WhatToDo(MachineObservation o, int? cpu, Quantity? memory, string kubevirt)
    {
        var changes = new List<string>(2);
        if (o.Size is { } size)
        {
            if (cpu is { } c && c != size.Cpu)
            {
                changes.Add($"{c} -> {size.Cpu} vCPU");
            }

            if (memory is { } m && m.TryGetValue(out var bytes) && bytes != size.MemoryBytes)
            {
                changes.Add($"memory {QuantityFormatter.FormatApproximate(bytes)} -> {QuantityFormatter.FormatApproximate(size.MemoryBytes)}");
            }
        }

        if (changes.Count == 0)
        {
            return kubevirt;
        }

        var restarts = RestartOnResize.OptedIn(o.Machine)
            ? "the operator restarts it (restart-on-resize)"
            : $"stop and start the machine, or annotate it {ElasticMachine.RestartOnResizeAnnotation}=true to have it restarted";
        return $"{string.Join(", ", changes)} applies at the next restart: {restarts} (KubeVirt: {kubevirt})";
    }

    private static (int? Cpu, Quantity? Memory) CurrentSize(MachineObservation o, bool vmiLive)
    {
        if (vmiLive && o.Instance!.Status?.Phase == VmiPhases.Running)
        {
            var status = o.Instance.Status;
            var cpu = status.CurrentCpuTopology?.VirtualCpus ?? o.Instance.Spec.Domain.Cpu?.VirtualCpus;
            var memory = status.Memory?.GuestCurrent ?? o.Instance.Spec.Domain.Memory?.Guest;
            return (cpu, Normalize(memory));
        }

        if (o.VirtualMachine?.Spec.Template.Spec.Domain is { } domain && domain.Cpu is not null)
        {
            return (domain.Cpu.VirtualCpus, Normalize(domain.Memory?.Guest));
        }

        return o.Size is { } size ? (size.Cpu, (Quantity?)Quantity.FromBytes(size.MemoryBytes)) : (null, null);
    }

    private static Quantity? Normalize(Quantity? q) => q is { } v && v.TryGetValue(out var bytes) ? (Quantity?)Quantity.FromBytes(bytes) : null;

    private static string? IpAddress(VirtualMachineInstance vmi)
    {
        var interfaces = vmi.Status?.Interfaces;
        var chosen = interfaces?.FirstOrDefault(i => i.Name == VirtualMachineBuilder.DefaultNetwork) ?? interfaces?.FirstOrDefault();
        return chosen?.IpAddress is { Length: > 0 } ip ? ip : chosen?.IpAddresses?.FirstOrDefault();
    }

    private static string Progress(DataVolume dv)
    {
        var phase = dv.Status?.Phase ?? "Pending";
        var progress = dv.Status?.Progress is { Length: > 0 } p && p != "N/A" ? $", {p}" : string.Empty;
        // A disk that has not started says why, as CDI does (a DataSource that does not exist, a claim not bound).
        var waiting = phase == DataVolumePhases.Pending
            ? dv.Status?.Conditions?.Where(c => c.Type is "Bound" or "Ready" && c.Status == "False" && c.Message is { Length: > 0 })
                .OrderBy(c => c.Type == "Bound" ? 0 : 1).Select(c => $" ({c.Message})").FirstOrDefault()
            : null;
        return $"DataVolume {dv.Metadata.Name}: {phase}{progress}{waiting}";
    }

    private static string DiskFailure(DataVolume dv)
    {
        var cause = dv.Status?.Conditions?.Where(c => c.Message is { Length: > 0 })
            .OrderBy(c => c.Type == "Running" ? 0 : 1).Select(c => c.Message).FirstOrDefault();
        return cause is null ? $"DataVolume {dv.Metadata.Name} failed" : $"DataVolume {dv.Metadata.Name} failed: {cause}";
    }

    private static KubeVirtCondition? Condition(IList<KubeVirtCondition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    private static V1Condition ToCondition(Cond c, ElasticMachineStatus? previous, long? generation, DateTimeOffset now)
    {
        var old = previous?.Conditions?.FirstOrDefault(p => p.Type == c.Type);
        return new V1Condition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            ObservedGeneration = generation,
            // Kubernetes stores whole seconds; a sub-second time would read back different and look like a change.
            LastTransitionTime = old is not null && old.Status == c.Status ? old.LastTransitionTime : TruncateToSeconds(now),
        };
    }

    private static DateTime TruncateToSeconds(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
