using ElasticCompute.Api.Machines;
using k8s.Models;

namespace ElasticCompute.Portal.Machines;

/// <summary>A machine as the pages show it: its state in words, and why when it is not running.</summary>
internal sealed record MachineView(
    string Name,
    string State,
    string? Why,
    string Tone,
    int? Cpu,
    string Memory,
    string Disk,
    string Node,
    string Address,
    DateTime? Created,
    bool Running,
    bool Stopped,
    bool Settled)
{
    /// <summary>The ready-to-run ssh command of status.access, when the machine is reachable on port 22.</summary>
    public string? Ssh { get; init; }

    /// <summary>Each exposed guest port and where it answers ("22 (ssh) at 127.0.0.1:30022"); empty when not exposed.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    public static MachineView Of(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var status = machine.Status;
        var phase = machine.Metadata.DeletionTimestamp is not null ? MachinePhase.Terminating : status?.Phase ?? MachinePhase.Pending;
        var ready = Condition(machine, MachineConditions.Ready);
        var capacity = Condition(machine, MachineConditions.CapacityAvailable);
        var disk = Condition(machine, MachineConditions.DiskReady);
        var restart = Condition(machine, MachineConditions.RestartRequired);

        string? why = phase switch
        {
            MachinePhase.Running => restart?.Status == "True" ? $"a change waits for a restart: {restart.Message}" : null,
            MachinePhase.Stopped => null,
            _ when capacity?.Status == "False" => $"waiting for room: {capacity.Message}",
            _ when disk?.Status == "False" && !string.IsNullOrEmpty(disk.Message) => $"disk: {disk.Message}",
            _ => string.IsNullOrEmpty(ready?.Message) ? null : ready.Message,
        };
        var state = phase switch
        {
            MachinePhase.Pending => capacity?.Status == "False" ? "waiting" : "pending",
            MachinePhase.Provisioning => "preparing its disk",
            MachinePhase.Starting => "starting",
            MachinePhase.Running => "running",
            MachinePhase.Stopping => "stopping",
            MachinePhase.Stopped => "stopped",
            MachinePhase.Failed => "failed",
            MachinePhase.Terminating => "being deleted",
            _ => phase.ToString().ToLowerInvariant(),
        };
        var tone = phase switch
        {
            MachinePhase.Running => restart?.Status == "True" ? "warn" : "good",
            MachinePhase.Stopped => "idle",
            MachinePhase.Failed => "bad",
            _ when capacity?.Status == "False" || disk?.Status == "False" && disk.Reason != "Importing" => "warn",
            _ => "busy",
        };
        var memory = status?.Memory ?? machine.Spec.Memory;
        return new MachineView(
            machine.Metadata.Name,
            state,
            why,
            tone,
            status?.Cpu ?? machine.Spec.Cpu,
            Sizes.Of(memory),
            Sizes.Of(status?.Disk?.Size ?? machine.Spec.Storage?.Size),
            status?.NodeName ?? "–",
            status?.IpAddress ?? "–",
            machine.Metadata.CreationTimestamp,
            phase == MachinePhase.Running,
            phase == MachinePhase.Stopped,
            phase is MachinePhase.Running or MachinePhase.Stopped or MachinePhase.Failed && machine.Status?.ObservedGeneration == machine.Metadata.Generation)
        {
            Ssh = status?.Access?.Ssh,
            Endpoints = [.. (status?.Access?.Endpoints ?? []).Select(e => e.Host is { } host && e.HostPort is { } port
                ? $"{e.Port}{(e.Name is { } n ? $" ({n})" : string.Empty)} at {host}:{port}"
                : $"{e.Port}{(e.Name is { } n2 ? $" ({n2})" : string.Empty)}: no address yet")],
        };
    }

    public static V1Condition? Condition(ElasticMachine machine, string type) =>
        machine.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>"3 min", "2 h", "5 d": how long ago.</summary>
    public static string Age(DateTime? created, DateTimeOffset now)
    {
        if (created is not { } at)
        {
            return "–";
        }

        var age = now - new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        return age.TotalMinutes < 1 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h"
            : $"{(int)age.TotalDays} d";
    }
}
