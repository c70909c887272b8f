using System.Diagnostics;
using System.Globalization;

namespace ElasticCompute.Bench;

/// <summary>
/// Issue 4's memory benchmark: devcluster and the operator executable as two processes, N machines with their VMs,
/// DataVolumes and VMIs in the operator's caches; the operator's resident set idle, with them cached, after forced
/// watch reconnects and after a relist, and the writes a relist causes.
/// </summary>
internal static class OperatorMemoryBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(int machines, int creators, TimeSpan timeout, IReadOnlyList<string> operatorEnvironment, FileInfo? operatorExecutable, CancellationToken cancellationToken)
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

        await using var op = await OperatorProcess.StartAsync(root, devcluster.Kubeconfig, operatorEnvironment, operatorExecutable, cancellationToken);
        Console.WriteLine($"operator: {op.Description}");
        if (operatorEnvironment.Count > 0)
        {
            Console.WriteLine($"operator environment: {string.Join(' ', operatorEnvironment)}");
        }

        await BenchApi.CreateNamespaceAsync(http, "probe", cancellationToken);
        await CreateAsync(http, ["probe"], 1, 1, 0, TimeSpan.FromMinutes(2), cancellationToken);
        var idle = await SettledAsync(op, cancellationToken);

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
        Console.WriteLine($"{readyCount}/{machines} Ready after {elapsed.TotalSeconds:F0} s; settling ...");
        var cached = await SettledAsync(op, cancellationToken);
        var vms = await BenchApi.CountAsync(http, "/apis/kubevirt.io/v1/virtualmachines", cancellationToken);
        var dvs = await BenchApi.CountAsync(http, "/apis/cdi.kubevirt.io/v1beta1/datavolumes", cancellationToken);
        var vmis = await BenchApi.CountAsync(http, "/apis/kubevirt.io/v1/virtualmachineinstances", cancellationToken);

        Console.WriteLine("dropping every watch 3 times ...");
        for (var i = 0; i < 3; i++)
        {
            await BenchApi.SendAsync(http, HttpMethod.Post, "/admin/faults/drop-watches", "{}", cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        var reconnected = await SettledAsync(op, cancellationToken);
        Console.WriteLine("compacting history and dropping every watch (relist) ...");
        await BenchApi.AdvanceRevisionAsync(http, cancellationToken);
        await BenchApi.SendAsync(http, HttpMethod.Post, "/admin/faults/compact", "{}", cancellationToken);
        var before = await BenchApi.RevisionAsync(http, cancellationToken);
        await BenchApi.SendAsync(http, HttpMethod.Post, "/admin/faults/drop-watches", "{}", cancellationToken);
        var relisted = await SettledAsync(op, cancellationToken);
        var relistWrites = await BenchApi.RevisionAsync(http, cancellationToken) - before;
        op.Check();

        return
        [
            OperatorThroughputBenchmark.Row($"{readyCount} of {machines} machines Ready (1 vCPU each)", $"{elapsed.TotalSeconds:F0} s", string.Empty),
            OperatorThroughputBenchmark.Row("cached with them: VMs / DataVolumes / VMIs", $"{vms} / {dvs} / {vmis}", string.Empty),
            OperatorThroughputBenchmark.Row("operator process idle (1 machine): RSS", idle.ToString(), string.Empty),
            OperatorThroughputBenchmark.Row($"operator process, {machines} machines cached: RSS", cached.ToString(), "<= 100 MiB", cached.Resident <= 100),
            OperatorThroughputBenchmark.Row($"added by {machines} machines (private memory)", $"{cached.Private - idle.Private:F0} MiB", string.Empty),
            OperatorThroughputBenchmark.Row("after 3 forced watch reconnects: RSS", reconnected.ToString(), "stable", reconnected.Resident <= cached.Resident * 1.1),
            OperatorThroughputBenchmark.Row("after a relist: RSS", relisted.ToString(), "stable", relisted.Resident <= cached.Resident * 1.1),
            OperatorThroughputBenchmark.Row("cluster writes in the 20 s after the relist", relistWrites.ToString(CultureInfo.InvariantCulture), "0", relistWrites == 0),
        ];
    }

    /// <summary>
    /// The operator's resident set once it has been quiet for a while: the reading at the end of 30 s without
    /// writes from the benchmark (the peak on the way is printed too, so a spike is not hidden).
    /// </summary>
    private static async Task<ProcessMemory.ResidentSet> SettledAsync(OperatorProcess op, CancellationToken cancellationToken)
    {
        ProcessMemory.ResidentSet? peak = null;
        ProcessMemory.ResidentSet now = op.Memory();
        for (var i = 0; i < 15; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            now = op.Memory();
            peak = peak is null || now.Resident > peak.Resident ? now : peak;
        }

        op.Check();
        Console.WriteLine($"  RSS {now} (peak while settling {peak!.Resident:F0} MiB); {await GcFiguresAsync(op, cancellationToken)}");
        return now;
    }

    /// <summary>The GC's own view (the operator's dotnet_gc_* gauges), to tell live objects from GC slack.</summary>
    private static async Task<string> GcFiguresAsync(OperatorProcess op, CancellationToken cancellationToken)
    {
        var metrics = await op.MetricsAsync(cancellationToken);
        string Figure(string name) => metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) is { } line
            && double.TryParse(line[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes)
            ? $"{bytes / (1024 * 1024):F1}" : "?";
        var reconciles = metrics.Split('\n').Where(l => l.StartsWith("controller_runtime_reconcile_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return $"GC heap {Figure("dotnet_gc_heap_size_bytes")} MiB (free in it {Figure("dotnet_gc_fragmented_bytes")}), committed {Figure("dotnet_gc_committed_bytes")} MiB; {reconciles:F0} reconciles so far";
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
