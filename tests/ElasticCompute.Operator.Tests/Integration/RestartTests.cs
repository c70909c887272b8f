using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>
/// Restarts: the operator dying between two writes and a fresh one finishing the job, and a machine restarted
/// because its new size cannot be applied live.
/// </summary>
public sealed class RestartTests(FaultClusterFixture cluster) : IClassFixture<FaultClusterFixture>, IAsyncLifetime
{
    private const int FaultLimit = 1000;

    public Task InitializeAsync()
    {
        cluster.Faults.Reset();
        cluster.EnsureDefaultOperator();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        cluster.Faults.Reset();
        cluster.EnsureDefaultOperator();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_operator_that_dies_after_creating_the_disk_is_finished_by_the_next_one()
    {
        var ns = await cluster.NamespaceAsync();
        cluster.Faults.FailNext(FaultLimit, "create", "virtualmachines.kubevirt.io", 503);
        await cluster.CreateMachineAsync(ns, "crash", "{cpu: 1, memory: 2Gi}");

        // The disk is written, the VM create keeps failing: the operator dies right there.
        var dv = await Eventually(() => cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "crash-disk"), d => d is not null, "the DataVolume to be created", 30);
        await Eventually(() => Task.FromResult(cluster.Faults.Active), a => a.Count == 1 && a[0].Remaining < FaultLimit, "the operator to try the VM create", 30);
        await cluster.StopDefaultOperatorAsync();
        cluster.Faults.Reset();
        Assert.Empty(await cluster.VirtualMachinesOfAsync(ns, "crash"));

        cluster.EnsureDefaultOperator();

        var running = await cluster.RunningAsync(ns, "crash", 60);
        Assert.Equal((long)running["metadata"]!["generation"]!, (long?)running["status"]!["observedGeneration"]);
        await cluster.AssertOneOfEachAsync(ns, "crash");
        var after = await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "crash-disk");
        Assert.True((string?)dv!["metadata"]!["uid"] == (string?)after!["metadata"]!["uid"], "the fresh operator should adopt the disk, not recreate it");
    }

    [Fact]
    public async Task An_operator_that_dies_before_writing_the_status_is_finished_by_the_next_one()
    {
        var ns = await cluster.NamespaceAsync();
        cluster.Faults.FailNext(FaultLimit, "patch", "elasticmachines.elasticcompute.io/status", 503);
        await cluster.CreateMachineAsync(ns, "mute", "{cpu: 1, memory: 2Gi}");

        // Disk and VM are made and the VM runs, but no status ever lands; then the operator dies.
        var vm = await Eventually(() => cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "mute"), v => v is not null, "the VirtualMachine to be created", 30);
        await Eventually(() => cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "mute"), v => (string?)v?["status"]?["phase"] == "Running", "the VMI to run", 30);
        await cluster.StopDefaultOperatorAsync();
        cluster.Faults.Reset();
        Assert.Null((await cluster.MachineAsync(ns, "mute"))!["status"]);

        cluster.EnsureDefaultOperator();

        var running = await cluster.RunningAsync(ns, "mute", 60);
        Assert.Equal(1, (int?)running["status"]!["cpu"]);
        await cluster.AssertOneOfEachAsync(ns, "mute");
        var after = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "mute");
        Assert.True((string?)vm!["metadata"]!["uid"] == (string?)after!["metadata"]!["uid"], "the fresh operator should adopt the VM, not recreate it");
    }

    [Fact]
    public async Task A_resize_beyond_the_hotplug_limits_waits_for_a_restart_and_restart_on_resize_does_it()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "big", "{cpu: 1, memory: 2Gi}");
        await cluster.RunningAsync(ns, "big");
        var vm = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "big");
        var maxSockets = (int)vm!["spec"]!["template"]!["spec"]!["domain"]!["cpu"]!["maxSockets"]!;
        Assert.True(maxSockets < 8, $"the test needs 8 vCPU to be past maxSockets ({maxSockets})");
        var vmiBefore = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "big");

        await cluster.PatchMachineAsync(ns, "big", """{"spec":{"cpu":8}}""");

        var waiting = await cluster.MachineWhereAsync(ns, "big", m => Condition(m, "RestartRequired") == "True", "RestartRequired=True after growing past maxSockets", 30);
        var restartRequired = (waiting["status"]!["conditions"] as System.Text.Json.Nodes.JsonArray)!.First(c => (string?)c!["type"] == "RestartRequired")!;
        Assert.False(string.IsNullOrWhiteSpace((string?)restartRequired["message"]), $"RestartRequired should say why: {restartRequired.ToJsonString()}");
        Assert.Equal("Running", Phase(waiting));
        Assert.Equal(1, (int?)waiting["status"]!["cpu"]);

        // Nobody restarts it: it keeps running at its old size.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var still = (await cluster.MachineAsync(ns, "big"))!;
        Assert.Equal("Running", Phase(still));
        Assert.Equal(1, (int?)still["status"]!["cpu"]);
        Assert.Equal("True", Condition(still, "RestartRequired"));
        var vmiStill = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "big");
        Assert.True((string?)vmiBefore!["metadata"]!["uid"] == (string?)vmiStill!["metadata"]!["uid"], "without the opt-in the operator must not restart the machine");

        await cluster.PatchMachineAsync(ns, "big", """{"metadata":{"annotations":{"elasticcompute.io/restart-on-resize":"true"}}}""");

        var restarted = await cluster.MachineWhereAsync(
            ns, "big", m => Phase(m) == "Running" && Condition(m, "Ready") == "True" && (int?)m["status"]?["cpu"] == 8 && Condition(m, "RestartRequired") == "False",
            "big to come back Running with 8 vCPU", 60);
        Assert.Equal((long)restarted["metadata"]!["generation"]!, (long?)restarted["status"]!["observedGeneration"]);
        var vmiAfter = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "big");
        Assert.NotEqual((string?)vmiBefore["metadata"]!["uid"], (string?)vmiAfter!["metadata"]!["uid"]);
        Assert.Equal(8, (int?)vmiAfter["spec"]!["domain"]!["cpu"]!["sockets"]);
        await cluster.AssertOneOfEachAsync(ns, "big");

        // Restarted once: it stays on this instance.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var vmiLater = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "big");
        Assert.True((string?)vmiAfter["metadata"]!["uid"] == (string?)vmiLater?["metadata"]?["uid"], "the machine should be restarted once, not again and again");
    }

    [Fact]
    public async Task A_failed_restart_request_is_retried()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "retry", "{cpu: 1, memory: 2Gi}");
        await cluster.RunningAsync(ns, "retry");
        var vmiBefore = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "retry");
        await cluster.PatchMachineAsync(ns, "retry", """{"spec":{"cpu":8}}""");
        await cluster.MachineWhereAsync(ns, "retry", m => Condition(m, "RestartRequired") == "True", "RestartRequired=True", 30);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        // Opting in now: virt-api answers the first restart request with an error; the operator must not take that as done.
        cluster.Faults.FailNext(1, "update", "virtualmachines.subresources.kubevirt.io/restart", 500);
        await cluster.PatchMachineAsync(ns, "retry", """{"metadata":{"annotations":{"elasticcompute.io/restart-on-resize":"true"}}}""");

        await cluster.MachineWhereAsync(
            ns, "retry", m => Phase(m) == "Running" && (int?)m["status"]?["cpu"] == 8 && Condition(m, "RestartRequired") == "False",
            "retry to be restarted with 8 vCPU after a failed restart request", 30);
        var vmiAfter = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "retry");
        Assert.NotEqual((string?)vmiBefore!["metadata"]!["uid"], (string?)vmiAfter!["metadata"]!["uid"]);
        Assert.True(cluster.Faults.Active.Count == 0, $"the restart fault should have been hit; left: {string.Join("; ", cluster.Faults.Active)}");
    }
}
