using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Machines;

public sealed class MachineStatusCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, 500, TimeSpan.Zero);
    private static readonly MachineSize Size = new(2, 4m * Quantity.Gi);
    private readonly MachineStatusCalculator calculator = new();

    private static DataVolume Dv(string? phase) => new()
    {
        Metadata = new V1ObjectMeta { Name = "m-disk" },
        Status = phase is null ? null : new DataVolumeStatus { Phase = phase, Progress = phase == "ImportInProgress" ? "45.00%" : null },
    };

    private static VirtualMachine Vm() => new() { Metadata = new V1ObjectMeta { Name = "m", Generation = 1 }, Status = new VirtualMachineStatus { ObservedGeneration = 1 } };

    private static VirtualMachineInstance Vmi(string phase, bool guestReady = true, bool deleting = false, int cpu = 2) => new()
    {
        Metadata = new V1ObjectMeta { Name = "m", DeletionTimestamp = deleting ? DateTime.UtcNow : null },
        Status = new VirtualMachineInstanceStatus
        {
            Phase = phase,
            NodeName = phase == "Pending" ? null : "n1",
            Interfaces = [new VmiInterfaceStatus { Name = "default", IpAddress = "10.0.0.7" }],
            Conditions = [new KubeVirtCondition { Type = "Ready", Status = guestReady ? "True" : "False" }],
            CurrentCpuTopology = new CpuTopology { Sockets = cpu, Cores = 1, Threads = 1 },
            Memory = new VmiMemoryStatus { GuestCurrent = "4Gi" },
        },
    };

    private static readonly CapacityVerdict Fits = new(true, "CapacityAvailable", "pool general has room");
    private static readonly CapacityVerdict Full = new(false, "InsufficientCapacity", "pool general has no room for 2 vCPU, 4Gi: largest free slot: 1 vCPU, 2Gi on n1");

    public static TheoryData<string, RunStrategy, string?, bool, string?, bool, MachinePhase, string, string, string> Table => new()
    {
        // case, strategy, dv phase, vm?, vmi phase, capacity fits, phase, Ready, Ready reason, DiskReady
        { "nothing yet, no room", RunStrategy.Always, null, false, null, false, MachinePhase.Pending, "False", "InsufficientCapacity", "False" },
        { "nothing yet", RunStrategy.Always, null, false, null, true, MachinePhase.Pending, "False", "DiskNotCreated", "False" },
        { "importing", RunStrategy.Always, "ImportInProgress", true, null, true, MachinePhase.Provisioning, "False", "Provisioning", "False" },
        { "disk failed", RunStrategy.Always, "Failed", true, null, true, MachinePhase.Failed, "False", "DiskFailed", "False" },
        { "vm about to start", RunStrategy.Always, "Succeeded", true, null, true, MachinePhase.Starting, "False", "Starting", "True" },
        { "scheduling", RunStrategy.Always, "Succeeded", true, "Scheduling", true, MachinePhase.Starting, "False", "Starting", "True" },
        { "running", RunStrategy.Always, "Succeeded", true, "Running", true, MachinePhase.Running, "True", "Running", "True" },
        { "halted and stopped", RunStrategy.Halted, "Succeeded", true, null, true, MachinePhase.Stopped, "True", "Stopped", "True" },
        { "halted, still running", RunStrategy.Halted, "Succeeded", true, "Running", true, MachinePhase.Stopping, "False", "Stopping", "True" },
        { "manual, stopped", RunStrategy.Manual, "Succeeded", true, null, true, MachinePhase.Stopped, "True", "Stopped", "True" },
        { "rerun after success", RunStrategy.RerunOnFailure, "Succeeded", true, "Succeeded", true, MachinePhase.Stopped, "True", "Stopped", "True" },
        { "vmi failed", RunStrategy.Always, "Succeeded", true, "Failed", true, MachinePhase.Failed, "False", "VirtualMachineFailed", "True" },
        { "running, growth refused", RunStrategy.Always, "Succeeded", true, "Running", false, MachinePhase.Running, "False", "InsufficientCapacity", "True" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Phase_and_conditions_follow_what_was_observed(string name, RunStrategy strategy, string? dvPhase, bool vm, string? vmiPhase, bool fits,
        MachinePhase phase, string ready, string readyReason, string diskReady)
    {
        var machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi", RunStrategy = strategy });
        var status = calculator.Calculate(new MachineObservation
        {
            Machine = machine,
            DataVolume = dvPhase is null ? null : Dv(dvPhase),
            VirtualMachine = vm ? Vm() : null,
            Instance = vmiPhase is null ? null : Vmi(vmiPhase),
            Capacity = fits ? Fits : Full,
            Size = Size,
        }, T0);

        Assert.True(phase == status.Phase, $"{name}: phase {status.Phase}");
        var r = Condition(status, "Ready");
        Assert.True((ready, readyReason) == (r.Status, r.Reason), $"{name}: Ready {r.Status} {r.Reason}: {r.Message}");
        Assert.Equal(diskReady, Condition(status, "DiskReady").Status);
        Assert.Equal(fits ? "True" : "False", Condition(status, "CapacityAvailable").Status);
        Assert.Equal("False", Condition(status, "RestartRequired").Status);
        Assert.All(status.Conditions!, c => Assert.Equal(1, c.ObservedGeneration));
        Assert.Equal(1, status.ObservedGeneration);
        // kstatus: Reconciling while not ready, Stalled when failed, neither when ready.
        var types = status.Conditions!.Select(c => c.Type).ToHashSet();
        Assert.Equal(phase == MachinePhase.Failed, types.Contains("Stalled"));
        Assert.Equal(ready == "False" && phase != MachinePhase.Failed, types.Contains("Reconciling"));
    }

    [Fact]
    public void Running_machine_reports_node_address_size_and_names()
    {
        var disk = new DiskStatus { Size = "80Gi", DataVolumeName = "m-disk" };
        var status = calculator.Calculate(new MachineObservation
        {
            Machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi" }),
            DataVolume = Dv("Succeeded"), VirtualMachine = Vm(), Instance = Vmi("Running"), Capacity = Fits, Size = Size, Disk = disk,
        }, T0);
        Assert.Equal(("n1", "10.0.0.7", "m", 2, "4Gi"), (status.NodeName, status.IpAddress, status.VirtualMachineName, status.Cpu, status.Memory!.Value.Value));
        Assert.Same(disk, status.Disk);
        Assert.Equal(new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc), Condition(status, "Ready").LastTransitionTime);
    }

    [Fact]
    public void Ready_waits_for_the_guest_a_live_resize_and_a_restart()
    {
        MachineObservation Observe(VirtualMachineInstance vmi, string? restart = null) => new()
        {
            Machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi" }),
            DataVolume = Dv("Succeeded"), VirtualMachine = Vm(), Instance = vmi, Capacity = Fits, Size = Size, RestartRequiredMessage = restart,
        };
        Assert.Equal("GuestNotReady", Condition(calculator.Calculate(Observe(Vmi("Running", guestReady: false)), T0), "Ready").Reason);
        var resizing = calculator.Calculate(Observe(Vmi("Running", cpu: 1)), T0);
        Assert.Equal(("Resizing", "resizing to 2 vCPU, 4Gi"), (Condition(resizing, "Ready").Reason, Condition(resizing, "Ready").Message));
        Assert.Equal(1, resizing.Cpu);
        var restart = calculator.Calculate(Observe(Vmi("Running"), "cpu 64 is beyond maxSockets 8"), T0);
        Assert.Equal(("True", "BeyondHotplugLimits"), (Condition(restart, "RestartRequired").Status, Condition(restart, "RestartRequired").Reason));
        Assert.Equal("RestartRequired", Condition(restart, "Ready").Reason);

        // A write the API server refused is the news while it lasts, whatever step the machine stopped before.
        var refused = calculator.Calculate(Observe(Vmi("Running", cpu: 1)) with { ApplyError = "writing the virtual machine failed: 403 Forbidden: no; retrying" }, T0);
        Assert.Equal(("False", "ApplyFailed", "writing the virtual machine failed: 403 Forbidden: no; retrying"), (Condition(refused, "Ready").Status, Condition(refused, "Ready").Reason, Condition(refused, "Ready").Message));
        Assert.Equal("ApplyFailed", Condition(refused, "Reconciling").Reason);

        // A resize that waits for a restart says which change waits, and what to do (KubeVirt's reason speaks of template fields).
        var waits = calculator.Calculate(Observe(Vmi("Running", cpu: 1), "a non-live-updatable field was changed in the template spec"), T0);
        Assert.Equal("1 -> 2 vCPU applies at the next restart: stop and start the machine, or annotate it elasticcompute.io/restart-on-resize=true to have it restarted (KubeVirt: a non-live-updatable field was changed in the template spec)",
            Condition(waits, "RestartRequired").Message);
    }

    [Fact]
    public void Stale_vm_generation_and_deletion_are_not_ready()
    {
        var stale = Vm();
        stale.Metadata.Generation = 2;
        var machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi" });
        var status = calculator.Calculate(new MachineObservation { Machine = machine, DataVolume = Dv("Succeeded"), VirtualMachine = stale, Instance = Vmi("Running"), Capacity = Fits, Size = Size }, T0);
        Assert.Equal("VirtualMachineUpdating", Condition(status, "Ready").Reason);

        machine.Metadata.DeletionTimestamp = T0.UtcDateTime;
        var deleting = calculator.Calculate(new MachineObservation { Machine = machine, DataVolume = Dv("Succeeded"), VirtualMachine = Vm(), Capacity = Fits, Size = Size }, T0);
        Assert.Equal((MachinePhase.Terminating, "Terminating"), (deleting.Phase, Condition(deleting, "Ready").Reason));
    }

    [Fact]
    public void Transition_times_are_kept_while_a_status_stays_and_move_when_it_changes()
    {
        var machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi" });
        MachineObservation Observe(VirtualMachineInstance? vmi) => new() { Machine = machine, DataVolume = Dv("Succeeded"), VirtualMachine = Vm(), Instance = vmi, Capacity = Fits, Size = Size };

        machine.Status = calculator.Calculate(Observe(Vmi("Scheduling")), T0);
        var t1 = T0.AddMinutes(1);
        var starting = calculator.Calculate(Observe(Vmi("Scheduled")), t1);
        Assert.False(MachineStatusDiff.HasChanged(machine.Status, starting));
        Assert.Equal(T0.UtcDateTime.AddMilliseconds(-500), Condition(starting, "Ready").LastTransitionTime);

        var running = calculator.Calculate(Observe(Vmi("Running")), t1);
        Assert.Equal(t1.UtcDateTime.AddMilliseconds(-500), Condition(running, "Ready").LastTransitionTime);
        Assert.Equal(Condition(machine.Status, "DiskReady").LastTransitionTime, Condition(running, "DiskReady").LastTransitionTime);
        Assert.Contains("conditions[Ready]", MachineStatusDiff.ChangedFields(machine.Status, running));
        Assert.Contains("phase", MachineStatusDiff.ChangedFields(machine.Status, running));
        Assert.DoesNotContain("conditions[DiskReady]", MachineStatusDiff.ChangedFields(machine.Status, running));
    }

    [Fact]
    public void Capacity_condition_is_kept_when_not_checked_this_pass()
    {
        var machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi" });
        var first = calculator.Calculate(new MachineObservation { Machine = machine, Size = Size }, T0);
        Assert.Equal(("Unknown", "NotChecked"), (Condition(first, "CapacityAvailable").Status, Condition(first, "CapacityAvailable").Reason));
        machine.Status = calculator.Calculate(new MachineObservation { Machine = machine, Capacity = Full, Size = Size }, T0);
        var later = calculator.Calculate(new MachineObservation { Machine = machine, Size = Size }, T0.AddMinutes(5));
        Assert.Equal(Full.Message, Condition(later, "CapacityAvailable").Message);
        Assert.False(MachineStatusDiff.HasChanged(machine.Status, later));
    }

    private static V1Condition Condition(ElasticMachineStatus status, string type) => status.Conditions!.Single(c => c.Type == type);
}
