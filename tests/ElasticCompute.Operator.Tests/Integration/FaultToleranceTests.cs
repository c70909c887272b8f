using k8s;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>
/// The operator against an API server that fails its writes and drops its watches: machines still converge,
/// nothing is created twice, no status is left behind, and an idle operator writes nothing.
/// </summary>
public sealed class FaultToleranceTests(FaultClusterFixture cluster) : IClassFixture<FaultClusterFixture>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        cluster.Faults.Reset();
        cluster.EnsureDefaultOperator();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        cluster.Faults.Reset();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Conflicts_and_server_errors_on_every_write_still_bring_machines_to_running_once()
    {
        var ns = await cluster.NamespaceAsync();
        var faults = cluster.Faults;
        foreach (var code in new[] { 409, 500 })
        {
            faults.FailNext(1, "patch", "elasticmachines.elasticcompute.io", code);
            faults.FailNext(1, "create", "datavolumes.cdi.kubevirt.io", code);
            faults.FailNext(1, "create", "virtualmachines.kubevirt.io", code);
            faults.FailNext(2, "patch", "elasticmachines.elasticcompute.io/status", code);
        }

        string[] names = ["f-1", "f-2", "f-3"];
        foreach (var name in names)
        {
            await cluster.CreateMachineAsync(ns, name, "{cpu: 1, memory: 2Gi}");
        }

        foreach (var name in names)
        {
            var running = await cluster.RunningAsync(ns, name, 60);
            Assert.Equal((long)running["metadata"]!["generation"]!, (long?)running["status"]!["observedGeneration"]);
            Assert.Contains("elasticcompute.io/cleanup", running["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
            await cluster.AssertOneOfEachAsync(ns, name);
        }

        Assert.True(faults.Active.Count == 0, $"every injected fault should have hit an operator write; left: {string.Join("; ", faults.Active)}");
    }

    [Fact]
    public async Task Failed_writes_during_a_resize_are_retried_until_the_new_size_shows()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "rs", "{cpu: 1, memory: 2Gi}");
        await cluster.RunningAsync(ns, "rs");

        cluster.Faults.FailNext(1, "patch", "virtualmachines.kubevirt.io", 409);
        cluster.Faults.FailNext(1, "patch", "virtualmachines.kubevirt.io", 500);
        cluster.Faults.FailNext(1, "patch", "elasticmachines.elasticcompute.io/status", 500);
        cluster.Faults.FailNext(1, "patch", "elasticmachines.elasticcompute.io/status", 409);
        await cluster.PatchMachineAsync(ns, "rs", """{"spec":{"cpu":2,"memory":"4Gi"}}""");

        var resized = await cluster.MachineWhereAsync(
            ns, "rs",
            m => (int?)m["status"]?["cpu"] == 2 && (string?)m["status"]?["memory"] == "4Gi" && Phase(m) == "Running"
                && (long?)m["status"]?["observedGeneration"] == (long?)m["metadata"]?["generation"],
            "rs to show 2 vCPU and 4Gi at its latest generation",
            60);
        Assert.Equal("False", Condition(resized, "RestartRequired"));
        await cluster.AssertOneOfEachAsync(ns, "rs");
        Assert.True(cluster.Faults.Active.Count == 0, $"every injected fault should have hit; left: {string.Join("; ", cluster.Faults.Active)}");
    }

    [Fact]
    public async Task A_virtual_machine_the_api_server_keeps_refusing_is_named_on_the_machine_until_it_goes_through()
    {
        var ns = await cluster.NamespaceAsync();
        var refusals = cluster.Faults.FailNext(1000, "create", "virtualmachines.kubevirt.io", 500);
        await cluster.CreateMachineAsync(ns, "refused", "{cpu: 1, memory: 2Gi}");

        var waiting = await cluster.MachineWhereAsync(ns, "refused", m => ConditionReason(m, "Ready") == "ApplyFailed", "the refusal to show on the machine");
        Assert.Equal("writing the virtual machine failed: 500 InternalServerError: Internal error occurred: injected fault; retrying", ConditionMessage(waiting, "Ready"));
        Assert.Equal("ApplyFailed", ConditionReason(waiting, "Reconciling"));
        await Eventually(() => Task.FromResult(cluster.Faults.Active.Single(r => r.Id == refusals.Id).Remaining), left => left < 999, "the operator to retry the refused create");

        cluster.Faults.Reset();
        var running = await cluster.RunningAsync(ns, "refused", 90); // the back-off may have grown to a few seconds
        Assert.Equal("Running", ConditionReason(running, "Ready"));
        await cluster.AssertOneOfEachAsync(ns, "refused");
    }

    [Fact]
    public async Task A_deleted_virtual_machine_is_recreated_even_when_its_create_conflicts()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "again", "{cpu: 1, memory: 2Gi}");
        await cluster.RunningAsync(ns, "again");
        var vm = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "again");

        // A 409 that is not AlreadyExists must not be taken for "it exists".
        cluster.Faults.FailNext(2, "create", "virtualmachines.kubevirt.io", 409);
        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("kubevirt.io", "v1", ns, "virtualmachines", "again");

        await Eventually(
            () => cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "again"),
            v => v is not null && (string?)v["metadata"]!["uid"] != (string?)vm!["metadata"]!["uid"],
            "the VM to be recreated",
            60);
        await cluster.RunningAsync(ns, "again", 60);
        await cluster.AssertOneOfEachAsync(ns, "again");
    }

    [Fact]
    public async Task Machines_converge_while_watches_keep_dropping_and_history_is_compacted()
    {
        var ns = await cluster.NamespaceAsync();
        string[] names = ["w-1", "w-2", "w-3"];
        foreach (var name in names)
        {
            await cluster.CreateMachineAsync(ns, name, "{cpu: 1, memory: 2Gi}");
        }

        // Drop every watch (and now and then forget the history, so the informers must relist) until all run.
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var chaos = Task.Run(async () =>
        {
            for (var i = 0; !done.IsCancellationRequested; i++)
            {
                if (i % 3 == 2)
                {
                    cluster.Faults.CompactHistory();
                }

                cluster.Faults.DropWatches();
                try
                {
                    await Task.Delay(150, done.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        try
        {
            foreach (var name in names)
            {
                await cluster.RunningAsync(ns, name, 60);
            }

            await cluster.PatchMachineAsync(ns, "w-1", """{"spec":{"cpu":2}}""");
            await cluster.MachineWhereAsync(ns, "w-1", m => (int?)m["status"]?["cpu"] == 2 && Phase(m) == "Running", "w-1 to be resized to 2 vCPU while watches drop", 60);
        }
        finally
        {
            await done.CancelAsync();
            await chaos;
        }

        foreach (var name in names)
        {
            await cluster.AssertOneOfEachAsync(ns, name);
        }
    }

    [Fact]
    public async Task A_change_made_while_the_watches_are_down_is_applied_after_the_relist()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "gap", "{cpu: 1, memory: 2Gi}");
        await cluster.RunningAsync(ns, "gap");

        // Watches are refused, then dropped: the informers back off, blind.
        const int refusals = 1000;
        cluster.Faults.FailNext(refusals, "watch", null, 503);
        cluster.Faults.DropWatches();
        await Eventually(() => Task.FromResult(cluster.Faults.Active), a => a.Count == 1 && a[0].Remaining < refusals - 2, "the operator's watches to be refused", 15);

        // The change lands in the gap, and the history that would replay it is forgotten: only a relist can see it.
        await cluster.PatchMachineAsync(ns, "gap", """{"spec":{"cpu":2,"memory":"4Gi"}}""");
        cluster.Faults.CompactHistory();
        cluster.Faults.Reset();

        var resized = await cluster.MachineWhereAsync(
            ns, "gap", m => (int?)m["status"]?["cpu"] == 2 && (string?)m["status"]?["memory"] == "4Gi" && Phase(m) == "Running", "the change made during the gap to be applied", 90);
        Assert.Equal((long)resized["metadata"]!["generation"]!, (long?)resized["status"]!["observedGeneration"]);
        await cluster.AssertOneOfEachAsync(ns, "gap");
    }

    [Fact]
    public async Task An_idle_operator_writes_nothing_even_after_a_relist_or_a_restart()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "idle-1", "{cpu: 1, memory: 2Gi}");
        await cluster.CreateMachineAsync(ns, "idle-2", "{cpu: 2, memory: 4Gi, storage: {reclaimPolicy: Delete}}");
        await cluster.RunningAsync(ns, "idle-1");
        await cluster.RunningAsync(ns, "idle-2");
        await QuietAsync();

        await AssertNoWritesAsync("while nothing changes");

        // A relist (watch history forgotten, watches dropped) must not turn into writes.
        cluster.Faults.CompactHistory();
        cluster.Faults.DropWatches();
        await AssertNoWritesAsync("after a relist");

        // A fresh operator reconciles every machine once (a full resync): still nothing to write.
        var mark = cluster.Writes.Count;
        var fresh = await cluster.ReplaceDefaultOperatorAsync();
        await Eventually(() => Task.FromResult(fresh.IsLeader && fresh.Manager.UnsyncedInformers().Count == 0), ok => ok, "the fresh operator to sync and lead", 30);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var writes = cluster.Writes.Since(mark);
        Assert.True(writes.Count == 0, $"a restarted operator should write nothing for machines already as declared; wrote:\n{string.Join("\n", writes)}");
    }

    /// <summary>Waits until no write has been seen for a second (events from the last reconciles land asynchronously).</summary>
    private async Task QuietAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = -1;
        while (DateTime.UtcNow < deadline)
        {
            var now = cluster.Writes.Count;
            if (now == last)
            {
                return;
            }

            last = now;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"the operator never went quiet; recent writes:\n{string.Join("\n", cluster.Writes.All.TakeLast(20))}");
    }

    private async Task AssertNoWritesAsync(string when)
    {
        var mark = cluster.Writes.Count;
        var revision = cluster.Server.Store.Revision;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var writes = cluster.Writes.Since(mark);
        Assert.True(writes.Count == 0, $"the operator wrote {when} (store revision {revision} -> {cluster.Server.Store.Revision}):\n{string.Join("\n", writes)}");
    }
}
