using ElasticCompute.Api.Machines;
using ElasticCompute.Operator.Machines;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Machines;

public sealed class MachineStatusDiffTests
{
    private static readonly DateTime Then = new(2026, 11, 27, 11, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_message_node_or_address_alone_is_progress()
    {
        var importing = Status(MachinePhase.Provisioning, ("Ready", "False", "Provisioning", "DataVolume m-disk: ImportInProgress, 25.00%"));
        var further = Status(MachinePhase.Provisioning, ("Ready", "False", "Provisioning", "DataVolume m-disk: ImportInProgress, 50.00%"));

        Assert.True(MachineStatusDiff.OnlyProgressChanged(importing, further));
        Assert.False(MachineStatusDiff.OnlyProgressChanged(importing, importing)); // no change at all
        Assert.True(MachineStatusDiff.OnlyProgressChanged(importing, importing with { NodeName = "n1", IpAddress = "10.0.0.1" }));
    }

    [Fact]
    public void A_new_phase_reason_status_or_field_is_not_progress()
    {
        var importing = Status(MachinePhase.Provisioning, ("Ready", "False", "Provisioning", "25%"));

        Assert.False(MachineStatusDiff.OnlyProgressChanged(importing, Status(MachinePhase.Starting, ("Ready", "False", "Provisioning", "50%"))));
        Assert.False(MachineStatusDiff.OnlyProgressChanged(importing, Status(MachinePhase.Provisioning, ("Ready", "False", "Starting", "50%"))));
        Assert.False(MachineStatusDiff.OnlyProgressChanged(importing, Status(MachinePhase.Provisioning, ("Ready", "True", "Provisioning", "50%"))));
        Assert.False(MachineStatusDiff.OnlyProgressChanged(importing, Status(MachinePhase.Provisioning, ("Ready", "False", "Provisioning", "50%"), ("DiskReady", "True", "DiskReady", "ready"))));
        Assert.False(MachineStatusDiff.OnlyProgressChanged(importing, Status(MachinePhase.Provisioning, ("Ready", "False", "Provisioning", "50%")) with { Cpu = 2 }));
        Assert.False(MachineStatusDiff.OnlyProgressChanged(null, importing));
    }

    [Fact]
    public void A_step_between_provisioning_and_starting_is_interim_and_reaching_running_or_a_new_size_is_not()
    {
        var importing = Status(MachinePhase.Provisioning, ("Ready", "False", "Provisioning", "25%"));
        var starting = Status(MachinePhase.Starting, ("Ready", "False", "Starting", "starting"), ("DiskReady", "True", "DiskReady", "ready"));
        var running = Status(MachinePhase.Running, ("Ready", "True", "Running", "running"), ("DiskReady", "True", "DiskReady", "ready"));

        Assert.True(MachineStatusDiff.OnlyInterimChange(importing, starting));
        Assert.True(MachineStatusDiff.OnlyInterimChange(importing, Status(MachinePhase.Provisioning, ("Ready", "False", "Provisioning", "50%"))));
        Assert.False(MachineStatusDiff.OnlyInterimChange(starting, running));
        Assert.False(MachineStatusDiff.OnlyInterimChange(importing, starting with { Cpu = 4 }));
        Assert.False(MachineStatusDiff.OnlyInterimChange(importing, starting with { ObservedGeneration = 2 }));
        Assert.False(MachineStatusDiff.OnlyInterimChange(Status(MachinePhase.Pending, ("Ready", "False", "InsufficientCapacity", "no room")), importing));
        Assert.False(MachineStatusDiff.OnlyInterimChange(null, importing));
        Assert.False(MachineStatusDiff.OnlyInterimChange(importing, importing));
    }

    private static ElasticMachineStatus Status(MachinePhase phase, params (string Type, string Status, string Reason, string Message)[] conditions) => new()
    {
        Phase = phase,
        ObservedGeneration = 1,
        Conditions = [.. conditions.Select(c => new V1Condition { Type = c.Type, Status = c.Status, Reason = c.Reason, Message = c.Message, ObservedGeneration = 1, LastTransitionTime = Then })],
    };
}
