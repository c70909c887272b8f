using System.Diagnostics;
using System.Globalization;

namespace ElasticCompute.Bench;

/// <summary>
/// Issue 4's memory benchmark: devcluster as a separate process (no operator in it), the operator in this
/// process, N machines with their VMs and DataVolumes in its caches; this process's managed heap and
/// resident set before, with them cached, and after forced watch reconnects and a relist.
/// </summary>
internal static class OperatorMemoryBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(int machines, int creators, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var root = BenchApi.FindRoot();

        // 1 vCPU / 1Gi / 20Gi each (the default image needs 12Gi): every machine fits, so every one gets its VM and DataVolume.
        var nodes = machines / 128 + 2;
        await using var devcluster = await DevClusterProcess.StartAsync(
            root,
            ["--no-operator", "--enable-faults", "--nodes", $"{nodes}", "--node-cpu", "128", "--node-memory", "512Gi", "--storage-capacity", "1Pi"],
            cancellationToken);
        using var http = BenchApi.Client(devcluster.Url, creators + 4);
        Console.WriteLine($"devcluster process {devcluster.Url}: {nodes} nodes x 128 vCPU/512Gi, storage 1Pi, no operator");

        var start = await MemorySample.TakeAsync();
        await using var op = InProcessOperator.Start(devcluster.Url);
        await BenchApi.CreateNamespaceAsync(http, "probe", cancellationToken);
        await CreateAsync(http, ["probe"], 1, 1, 0, TimeSpan.FromMinutes(2), cancellationToken);
        var idle = await MemorySample.TakeAsync();

        const int perNamespace = 1000;
        var namespaces = Enumerable.Range(0, (machines + perNamespace - 1) / perNamespace).Select(i => $"mem-{i}").ToArray();
        foreach (var ns in namespaces)
        {
            await BenchApi.CreateNamespaceAsync(http, ns, cancellationToken);
        }

        Console.WriteLine($"creating {machines} machines in {namespaces.Length} namespaces with the operator running ...");
        var clock = Stopwatch.StartNew();
        var readyCount = await CreateAsync(http, namespaces, machines, creators, Math.Max(1, machines / 10), timeout, cancellationToken);
        var elapsed = clock.Elapsed;
        op.Check();
        Console.WriteLine($"{readyCount}/{machines} Ready after {elapsed.TotalSeconds:F0} s; settling 5 s ...");
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var cached = await MemorySample.TakeAsync();
        var vms = await BenchApi.CountAsync(http, "/apis/kubevirt.io/v1/virtualmachines", cancellationToken);
        var dvs = await BenchApi.CountAsync(http, "/apis/cdi.kubevirt.io/v1beta1/datavolumes", cancellationToken);
        var vmis = await BenchApi.CountAsync(http, "/apis/kubevirt.io/v1/virtualmachineinstances", cancellationToken);

        Console.WriteLine("dropping every watch 3 times ...");
        for (var i = 0; i < 3; i++)
        {
            await BenchApi.SendAsync(http, HttpMethod.Post, "/admin/faults/drop-watches", "{}", cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        var reconnected = await MemorySample.TakeAsync();
        Console.WriteLine("compacting history and dropping every watch (relist) ...");
        var beforeRelist = op.Counter.Snapshot();
        await BenchApi.AdvanceRevisionAsync(http, cancellationToken);
        await BenchApi.SendAsync(http, HttpMethod.Post, "/admin/faults/compact", "{}", cancellationToken);
        await BenchApi.SendAsync(http, HttpMethod.Post, "/admin/faults/drop-watches", "{}", cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
        var relisted = await MemorySample.TakeAsync();
        var relistWrites = op.Counter.Snapshot().Since(beforeRelist);
        op.Check();

        string Mib(double v) => v.ToString("F0", CultureInfo.InvariantCulture) + " MiB";
        var operatorRss = cached.ResidentMiB - start.ResidentMiB;
        return
        [
            OperatorThroughputBenchmark.Row($"{readyCount} of {machines} machines Ready (1 vCPU each)", $"{elapsed.TotalSeconds:F0} s", string.Empty),
            OperatorThroughputBenchmark.Row($"cached with them: VMs / DataVolumes / VMIs", $"{vms} / {dvs} / {vmis}", string.Empty),
            OperatorThroughputBenchmark.Row("bench process before the operator: managed / RSS", $"{Mib(start.ManagedMiB)} / {Mib(start.ResidentMiB)}", string.Empty),
            OperatorThroughputBenchmark.Row("operator started, idle: managed / RSS", $"{Mib(idle.ManagedMiB)} / {Mib(idle.ResidentMiB)}", string.Empty),
            OperatorThroughputBenchmark.Row($"{machines} cached: managed heap", Mib(cached.ManagedMiB), string.Empty),
            OperatorThroughputBenchmark.Row($"{machines} cached: GC heap size (incl. fragmentation)", Mib(cached.HeapMiB), string.Empty),
            OperatorThroughputBenchmark.Row($"{machines} cached: process RSS", Mib(cached.ResidentMiB), "<= 100 MiB", cached.ResidentMiB <= 100),
            OperatorThroughputBenchmark.Row($"{machines} cached: RSS added by the operator", Mib(operatorRss), string.Empty),
            OperatorThroughputBenchmark.Row("after 3 watch drops: managed / RSS", $"{Mib(reconnected.ManagedMiB)} / {Mib(reconnected.ResidentMiB)}", "stable"),
            OperatorThroughputBenchmark.Row("after a relist: managed / RSS", $"{Mib(relisted.ManagedMiB)} / {Mib(relisted.ResidentMiB)}", "stable"),
            OperatorThroughputBenchmark.Row($"writes after the relist ({relistWrites.Lists} lists)", relistWrites.Writes.ToString(CultureInfo.InvariantCulture), "0", relistWrites.Writes == 0),
        ];
    }

    /// <summary>Creates machines round-robin over namespaces; returns how many became Ready within the timeout.</summary>
    private static async Task<int> CreateAsync(HttpClient http, string[] namespaces, int count, int creators, int progressEvery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var watcher = await ReadyWatcher.StartAsync(http, $"{BenchApi.MachinesApi}/elasticmachines", count, BenchApi.MachineReady, cancellationToken);
        await BenchApi.ForAllAsync(count, creators, progressEvery, i =>
            BenchApi.SendAsync(http, HttpMethod.Post, $"{BenchApi.MachinesApi}/namespaces/{namespaces[i % namespaces.Length]}/elasticmachines", BenchApi.Machine($"m-{i}", 1, "1Gi", "20Gi"), cancellationToken),
            cancellationToken);
        await watcher.WaitAsync(timeout, "machines Ready", cancellationToken);
        return watcher.Ready;
    }
}
