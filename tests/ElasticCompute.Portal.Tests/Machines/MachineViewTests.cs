using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Machines;
using k8s.Models;

namespace ElasticCompute.Portal.Tests.Machines;

/// <summary>A machine's state in the words the pages use, and why when it is not running.</summary>
public sealed class MachineViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_running_machine_is_running_with_its_facts()
    {
        var view = MachineView.Of(Machine(MachinePhase.Running));

        Assert.Equal("running", view.State);
        Assert.Null(view.Why);
        Assert.Equal("good", view.Tone);
        Assert.True(view.Running);
        Assert.False(view.Stopped);
        Assert.True(view.Settled);
        Assert.Equal(2, view.Cpu);
        Assert.Equal("4 GiB", view.Memory);
        Assert.Equal("80 GiB", view.Disk);
        Assert.Equal("node-1", view.Node);
        Assert.Equal("10.0.0.7", view.Address);
    }

    [Fact]
    public void A_stopped_machine_is_stopped()
    {
        var view = MachineView.Of(Machine(MachinePhase.Stopped, Condition(MachineConditions.Ready, "False", "Stopped", "stopped as asked")));

        Assert.Equal("stopped", view.State);
        Assert.Null(view.Why);
        Assert.Equal("idle", view.Tone);
        Assert.True(view.Stopped);
        Assert.False(view.Running);
    }

    [Fact]
    public void A_failed_machine_says_why_from_its_ready_condition()
    {
        var view = MachineView.Of(Machine(MachinePhase.Failed, Condition(MachineConditions.Ready, "False", "ImportFailed", "the image could not be imported: 404 Not Found")));

        Assert.Equal("failed", view.State);
        Assert.Equal("the image could not be imported: 404 Not Found", view.Why);
        Assert.Equal("bad", view.Tone);
    }

    [Fact]
    public void A_machine_with_a_deletion_timestamp_is_being_deleted_whatever_its_phase()
    {
        var machine = Machine(MachinePhase.Running);
        machine.Metadata.DeletionTimestamp = Now.UtcDateTime;

        var view = MachineView.Of(machine);

        Assert.Equal("being deleted", view.State);
        Assert.False(view.Running);
        Assert.False(view.Settled);
        Assert.Equal("busy", view.Tone);
    }

    [Fact]
    public void A_pending_machine_without_room_is_waiting_and_says_for_what()
    {
        var view = MachineView.Of(Machine(
            MachinePhase.Pending,
            Condition(MachineConditions.CapacityAvailable, "False", "InsufficientCapacity", "no node has 2 vCPU and 4 GiB free"),
            Condition(MachineConditions.Ready, "False", "Pending", "waiting")));

        Assert.Equal("waiting", view.State);
        Assert.Equal("waiting for room: no node has 2 vCPU and 4 GiB free", view.Why);
        Assert.Equal("warn", view.Tone);
    }

    [Fact]
    public void A_disk_that_is_not_ready_says_why()
    {
        var view = MachineView.Of(Machine(
            MachinePhase.Provisioning,
            Condition(MachineConditions.DiskReady, "False", "ImportRetrying", "the import pod restarted 3 times"),
            Condition(MachineConditions.Ready, "False", "Provisioning", "preparing the disk")));

        Assert.Equal("preparing its disk", view.State);
        Assert.Equal("disk: the import pod restarted 3 times", view.Why);
        Assert.Equal("warn", view.Tone);
    }

    [Fact]
    public void A_disk_still_importing_is_busy_not_a_warning()
    {
        var view = MachineView.Of(Machine(MachinePhase.Provisioning, Condition(MachineConditions.DiskReady, "False", "Importing", "42% imported")));

        Assert.Equal("disk: 42% imported", view.Why);
        Assert.Equal("busy", view.Tone);
    }

    [Fact]
    public void A_running_machine_whose_change_needs_a_restart_says_so()
    {
        var view = MachineView.Of(Machine(
            MachinePhase.Running,
            Condition(MachineConditions.RestartRequired, "True", "CpuAboveHotplugLimit", "8 vCPU takes effect at the next restart")));

        Assert.Equal("running", view.State);
        Assert.Equal("a change waits for a restart: 8 vCPU takes effect at the next restart", view.Why);
        Assert.Equal("warn", view.Tone);
    }

    [Fact]
    public void A_new_machine_without_status_is_pending_with_the_size_it_asked_for()
    {
        var machine = Machine(null);
        machine.Status = null;

        var view = MachineView.Of(machine);

        Assert.Equal("pending", view.State);
        Assert.Null(view.Why);
        Assert.Equal(2, view.Cpu);
        Assert.Equal("4 GiB", view.Memory);
        Assert.Equal("–", view.Node);
        Assert.False(view.Settled);
    }

    [Fact]
    public void A_machine_whose_status_is_behind_its_spec_is_not_settled()
    {
        var machine = Machine(MachinePhase.Running);
        machine.Metadata.Generation = 2;

        Assert.False(MachineView.Of(machine).Settled);
    }

    [Theory]
    [InlineData(42, "42 s")]
    [InlineData(5 * 60 + 30, "5 min")]
    [InlineData(59 * 60 + 59, "59 min")]
    [InlineData(3 * 3600, "3 h")]
    [InlineData(2 * 86400 + 5 * 3600, "2 d")]
    [InlineData(-10, "0 s")]
    public void Age_is_how_long_ago_in_one_unit(int secondsAgo, string expected) =>
        Assert.Equal(expected, MachineView.Age(Now.UtcDateTime.AddSeconds(-secondsAgo), Now));

    [Fact]
    public void Age_of_an_unknown_time_is_a_dash() =>
        Assert.Equal("–", MachineView.Age(null, Now));

    private static ElasticMachine Machine(MachinePhase? phase, params V1Condition[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "team-a", Generation = 1, CreationTimestamp = Now.UtcDateTime.AddHours(-1) },
        Spec = new ElasticMachineSpec { Cpu = 2, Memory = "4Gi", Storage = new MachineStorage { Size = "80Gi" } },
        Status = new ElasticMachineStatus
        {
            Phase = phase,
            Conditions = conditions,
            ObservedGeneration = 1,
            NodeName = "node-1",
            IpAddress = "10.0.0.7",
        },
    };

    private static V1Condition Condition(string type, string status, string reason, string message) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = Now.UtcDateTime };
}
