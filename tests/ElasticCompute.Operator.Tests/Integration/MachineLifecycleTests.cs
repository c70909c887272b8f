using System.Text.Json.Nodes;
using k8s;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>The operator against devcluster with the real client: what a person does with a machine, end to end.</summary>
public sealed class MachineLifecycleTests(OperatorFixture cluster) : IClassFixture<OperatorFixture>
{
    [Fact]
    public async Task A_machine_is_created_runs_and_reports_its_status()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "web-1", "{cpu: 2, memory: 4Gi}");

        var running = await cluster.MachineWhereAsync(ns, "web-1", m => Phase(m) == "Running" && Condition(m, "Ready") == "True", "web-1 to run");

        Assert.Equal(2, (int)running["status"]!["cpu"]!);
        Assert.Equal("80Gi", (string?)running["status"]!["disk"]!["size"]);
        Assert.Equal("Recommended", (string?)running["status"]!["disk"]!["sizeSource"]);
        Assert.StartsWith("devcluster-node-", (string?)running["status"]!["nodeName"], StringComparison.Ordinal);
        Assert.Equal((long)running["metadata"]!["generation"]!, (long)running["status"]!["observedGeneration"]!);
        Assert.Contains("elasticcompute.io/cleanup", running["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));

        var vm = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "web-1");
        Assert.Equal("ElasticMachine", (string?)vm!["metadata"]!["ownerReferences"]![0]!["kind"]);
        var dv = await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "web-1-disk");
        Assert.Equal("ElasticMachine", (string?)dv!["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal("Succeeded", (string?)dv["status"]!["phase"]);
    }

    [Fact]
    public async Task Each_phase_is_written_and_recorded_once_even_before_the_cache_shows_the_last_write()
    {
        // Children's events often reach the operator before its own status write does; judged against the stale
        // cache, a reconcile would write the same phase again and record its Event twice (a series of 2).
        var ns = await cluster.NamespaceAsync();
        var names = Enumerable.Range(1, 8).Select(i => $"m-{i}").ToArray();
        await Task.WhenAll(names.Select(name => cluster.CreateMachineAsync(ns, name, "{cpu: 1, memory: 1Gi}")));
        foreach (var name in names)
        {
            await cluster.MachineWhereAsync(ns, name, m => Phase(m) == "Running", $"{name} to run");
        }

        var events = await Eventually(
            async () => (await cluster.Client.EventsV1.ListNamespacedEventAsync(ns)).Items,
            items => items.Count(e => e.Reason == "Running") == names.Length,
            "a Running event for each machine");
        foreach (var name in names)
        {
            var phases = events.Where(e => e.Regarding.Name == name && e.Action == "Status").ToArray();
            Assert.All(phases, e => Assert.True(e.Series is null, $"{name}: {e.Reason} recorded {e.Series?.Count} times"));
            Assert.Equal(phases.Length, phases.Select(e => e.Reason).Distinct().Count());
            Assert.Contains(phases, e => e.Reason == "Provisioning");
        }

        await cluster.ReleaseAsync(ns, names);
    }

    [Fact]
    public async Task Disk_progress_is_not_written_more_often_than_the_interval()
    {
        // Every version of the machine, from the store's own watch (polling could miss some and pass by luck).
        var ns = await cluster.NamespaceAsync();
        using var watch = cluster.Server.Store.Watch("elasticmachines.elasticcompute.io", ns, afterRevision: null);
        await cluster.CreateMachineAsync(ns, "progress", "{cpu: 1, memory: 2Gi}");
        await cluster.MachineWhereAsync(ns, "progress", m => Phase(m) == "Running", "progress to run");

        List<string> progressWrites = [];
        JsonObject? previous = null;
        using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            while (await watch.NextAsync(drained.Token) is { } e)
            {
                var machine = JsonNode.Parse(e.Item.Json)!.AsObject();
                if (previous is not null && OnlyMessagesChanged(previous, machine))
                {
                    progressWrites.Add(Message(machine));
                }

                previous = machine;
            }
        }
        catch (OperationCanceledException)
        {
            // all versions read
        }

        // The simulated clone reports several steps 50 ms apart (scheduled, 0%, 25%, 50%, 75%), all within 5 s of the
        // machine's first status write: they wait, and the disk is ready (a new phase, written at once) before then.
        Assert.True(progressWrites.Count <= 1, string.Join(" | ", progressWrites));
        Assert.Equal("Running", Phase(previous!));

        static string Message(JsonObject m) => (string?)m["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == "Ready")?["message"] ?? string.Empty;

        static bool OnlyMessagesChanged(JsonObject before, JsonObject after)
        {
            string Shape(JsonObject m) => string.Join(";", (m["status"]?["conditions"]?.AsArray() ?? []).Select(c => $"{c?["type"]}={c?["status"]}/{c?["reason"]}"))
                + $"|{Phase(m)}|{m["status"]?["nodeName"]}|{m["status"]?["ipAddress"]}|{m["metadata"]?["generation"]}";
            return Shape(before) == Shape(after) && Message(before) != Message(after);
        }
    }

    [Fact]
    public async Task Resizing_within_the_hotplug_limits_is_applied_live()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "grow", "{cpu: 1, memory: 2Gi}");
        await cluster.MachineWhereAsync(ns, "grow", m => Phase(m) == "Running", "grow to run");

        await cluster.PatchMachineAsync(ns, "grow", """{"spec":{"cpu":2,"memory":"4Gi"}}""");

        var resized = await cluster.MachineWhereAsync(ns, "grow", m => (int?)m["status"]?["cpu"] == 2 && Phase(m) == "Running" && Condition(m, "RestartRequired") == "False", "the live resize");
        Assert.Equal("4Gi", (string?)resized["status"]!["memory"]);
        var vmi = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "grow");
        Assert.Equal(2, (int)vmi!["spec"]!["domain"]!["cpu"]!["sockets"]!);
    }

    [Fact]
    public async Task A_shrink_is_judged_so_the_capacity_condition_names_the_size_asked()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "shrink", "{cpu: 1, memory: 4Gi}");
        await cluster.MachineWhereAsync(ns, "shrink", m => Phase(m) == "Running", "shrink to run");

        await cluster.PatchMachineAsync(ns, "shrink", """{"spec":{"memory":"2Gi"}}""");

        // The shrink waits for a restart (memory cannot be unplugged); the capacity condition must not keep the old size's message.
        var shrunk = await cluster.MachineWhereAsync(
            ns, "shrink", m => (long?)m["status"]?["observedGeneration"] == (long?)m["metadata"]?["generation"] && Condition(m, "RestartRequired") == "True", "the shrink to be observed");
        var capacity = (shrunk["status"]!["conditions"] as JsonArray)!.First(c => (string?)c!["type"] == "CapacityAvailable")!;
        Assert.Equal("True", (string?)capacity["status"]);
        Assert.Equal((long?)shrunk["metadata"]!["generation"], (long?)capacity["observedGeneration"]);
        Assert.StartsWith("node devcluster-node-", (string?)capacity["message"], StringComparison.Ordinal);
        Assert.Contains("has room for the machine at 1 vCPU, 2Gi: it asks for less than before", (string?)capacity["message"], StringComparison.Ordinal);
        Assert.StartsWith("memory 4Gi -> 2Gi applies at the next restart: stop and start the machine, or annotate it elasticcompute.io/restart-on-resize=true", ConditionMessage(shrunk, "RestartRequired"), StringComparison.Ordinal);
        await cluster.ReleaseAsync(ns, "shrink");
    }

    [Fact]
    public async Task A_disk_whose_image_does_not_exist_says_so_in_its_conditions()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "typo", "{cpu: 1, memory: 2Gi, image: {dataSource: ubuntu-24-04}}");

        // CDI leaves the DataVolume Pending with Bound=False "DataSource ... not found"; the machine must carry that, not a bare "Pending".
        var waiting = await cluster.MachineWhereAsync(
            ns, "typo", m => ConditionMessage(m, "DiskReady")?.Contains("not found", StringComparison.Ordinal) == true, "DiskReady to name the missing DataSource");
        Assert.Matches(@"^DataVolume typo-disk: Pending \(DataSource [a-z0-9-]+/ubuntu-24-04 not found\)$", ConditionMessage(waiting, "DiskReady"));
        Assert.Equal("False", Condition(waiting, "Ready"));
        Assert.Equal(ConditionMessage(waiting, "DiskReady"), ConditionMessage(waiting, "Ready"));
        await cluster.ReleaseAsync(ns, "typo");
    }

    [Fact]
    public async Task A_bigger_disk_grows_the_claim()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "disk", "{cpu: 1, memory: 2Gi, storage: {size: 50Gi}}");
        await cluster.MachineWhereAsync(ns, "disk", m => Phase(m) == "Running", "disk to run");

        await cluster.PatchMachineAsync(ns, "disk", """{"spec":{"storage":{"size":"80Gi"}}}""");

        await Eventually(
            async () => cluster.Server.Store.Get("persistentvolumeclaims", ns, "disk-disk"),
            claim => claim is not null && System.Text.Encoding.UTF8.GetString(claim.Json).Contains("\"capacity\":{\"storage\":\"80Gi\"}", StringComparison.Ordinal),
            "the claim to grow to 80Gi");
    }

    [Fact]
    public async Task Halting_stops_the_machine_and_always_starts_it_again()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "toggle", "{cpu: 1, memory: 2Gi}");
        await cluster.MachineWhereAsync(ns, "toggle", m => Phase(m) == "Running", "toggle to run");

        await cluster.PatchMachineAsync(ns, "toggle", """{"spec":{"runStrategy":"Halted"}}""");
        var stopped = await cluster.MachineWhereAsync(ns, "toggle", m => Phase(m) == "Stopped" && Condition(m, "Ready") == "True", "toggle to stop");
        Assert.Null(stopped["status"]!["nodeName"]);
        Assert.Null(await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachineinstances", "toggle"));

        await cluster.PatchMachineAsync(ns, "toggle", """{"spec":{"runStrategy":"Always"}}""");
        await cluster.MachineWhereAsync(ns, "toggle", m => Phase(m) == "Running", "toggle to run again");
    }

    [Fact]
    public async Task Deleting_with_retain_keeps_the_disk_and_with_delete_removes_it()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "keep", "{cpu: 1, memory: 2Gi}");
        await cluster.CreateMachineAsync(ns, "drop", "{cpu: 1, memory: 2Gi, storage: {reclaimPolicy: Delete}}");
        await cluster.MachineWhereAsync(ns, "keep", m => Phase(m) == "Running", "keep to run");
        await cluster.MachineWhereAsync(ns, "drop", m => Phase(m) == "Running", "drop to run");

        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, OperatorFixture.Version, ns, Plural, "keep");
        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, OperatorFixture.Version, ns, Plural, "drop");
        await Eventually(() => cluster.MachineAsync(ns, "keep"), m => m is null, "keep to go");
        await Eventually(() => cluster.MachineAsync(ns, "drop"), m => m is null, "drop to go");

        var kept = await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "keep-disk");
        Assert.NotNull(kept);
        Assert.Null(kept["metadata"]!["ownerReferences"]);
        Assert.Equal("keep", (string?)kept["metadata"]!["labels"]!["elasticcompute.io/released-from"]);
        Assert.NotNull(cluster.Server.Store.Get("persistentvolumeclaims", ns, "keep-disk"));
        await Eventually(async () => await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "drop-disk"), d => d is null, "drop's disk to go");
        Assert.Null(await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "keep"));
    }

    [Fact]
    public async Task A_virtual_machine_deleted_by_hand_is_recreated()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "drift", "{cpu: 1, memory: 2Gi}");
        var before = await cluster.MachineWhereAsync(ns, "drift", m => Phase(m) == "Running", "drift to run");
        var vm = await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "drift");

        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("kubevirt.io", "v1", ns, "virtualmachines", "drift");

        var recreated = await Eventually(
            async () => await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "drift"),
            v => v is not null && (string?)v["metadata"]!["uid"] != (string?)vm!["metadata"]!["uid"],
            "the VM to be recreated");
        Assert.NotNull(recreated);
        await cluster.MachineWhereAsync(ns, "drift", m => Phase(m) == "Running", "drift to run again");
        _ = before;
    }
}
