using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ElasticCompute.Bench;

/// <summary>
/// Open live pages on one portal process: the portal executable as its own process, N server-sent event streams of
/// one tenant opened by this process (what N browsers with the machines page open hold), then a burst of machine
/// changes every stream must receive. Measured on the portal's process alone: its connections to the API server (one
/// list+watch is one), its resident memory per open page, and its CPU per open page and per delivered event.
/// </summary>
internal static class LivePagesBenchmark
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<string>> RunAsync(
        string root, DevClusterProcess devcluster, HttpClient api, string tenant, string account, string password, int pages, int changes, CancellationToken cancellationToken)
    {
        await using var portal = await PortalProcess.StartAsync(root, devcluster.Kubeconfig, cancellationToken);
        var (http, _) = await PortalSignIn.SignInAsync(portal.Url, account, password, cancellationToken, Timeout.InfiniteTimeSpan);
        using var client = http;
        var apiPort = devcluster.Url.Port;

        // Warm: one stream and one page, so JIT and the first list are behind us; then the process settles.
        using (var warm = await client.GetAsync(new Uri($"/tenants/{tenant}/machines", UriKind.Relative), cancellationToken))
        {
            warm.EnsureSuccessStatusCode();
        }

        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var idleMemory = portal.Memory();
        var idleConnections = portal.ConnectionsTo(apiPort);

        // The process's own idle CPU (timers, the watch), to set the open pages' idle cost against.
        var quietCpu0 = portal.CpuTime();
        await Task.Delay(Idle, cancellationToken);
        var quietCpu = portal.CpuTime() - quietCpu0;

        Console.WriteLine($"live pages: opening {pages} server-sent event streams of {tenant} on the portal process (pid {portal.Id}) ...");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var streams = new List<Stream>();
        var counts = new int[pages];
        var readers = new List<Task>();
        for (var i = 0; i < pages; i++)
        {
            var response = await client.GetAsync(new Uri($"/tenants/{tenant}/live", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            streams.Add(stream);
            var index = i;
            readers.Add(Task.Run(() => CountEventsAsync(stream, counts, index, stop.Token), CancellationToken.None));
        }

        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var openMemory = portal.Memory();
        var openConnections = portal.ConnectionsTo(apiPort);

        // Idle with every page open: what holding them costs (keep-alive comments every 25 s).
        var idleCpu0 = portal.CpuTime();
        await Task.Delay(Idle, cancellationToken);
        var idleCpu = portal.CpuTime() - idleCpu0;

        // A burst: each change is one event to every open page.
        Console.WriteLine($"live pages: {changes} machine changes (a label each), every one to all {pages} pages ...");
        var before = counts.ToArray();
        var cpu0 = portal.CpuTime();
        var clock = Stopwatch.StartNew();
        await BenchApi.ForAllAsync(changes, 4, changes, i => BenchApi.SendAsync(api, HttpMethod.Patch, $"{BenchApi.MachinesApi}/namespaces/{tenant}/elasticmachines/vm-{i:D4}",
            $"{{\"metadata\":{{\"labels\":{{\"bench-live\":\"{i}\"}}}}}}", cancellationToken, "application/merge-patch+json"), cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        bool AllGot() => counts.Select((c, i) => Volatile.Read(ref counts[i]) - before[i]).All(n => n >= changes);
        while (!AllGot() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }

        var delivered = counts.Sum() - before.Sum();
        var burst = clock.Elapsed;
        var burstCpu = portal.CpuTime() - cpu0;
        var allGot = AllGot();
        var afterMemory = portal.Memory();

        await stop.CancelAsync();
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        await Task.WhenAll(readers);
        var perPage = (openMemory.Private - idleMemory.Private) * 1024 / pages;
        return
        [
            PortalBenchmark.Row($"live pages: {pages} open streams of one tenant on one portal process (the executable, its own process)", string.Empty, string.Empty),
            PortalBenchmark.Row("  connections from the portal to the API server: before / with every page open", $"{idleConnections} / {openConnections}", "one watch", openConnections == idleConnections),
            PortalBenchmark.Row("  portal resident memory: before / with every page open / after the burst", $"{idleMemory.Resident:F0} / {openMemory.Resident:F0} / {afterMemory.Resident:F0} MiB", string.Empty),
            PortalBenchmark.Row("  private memory per open page ((open - before) / pages)", $"{perPage:F1} KiB", string.Empty),
            PortalBenchmark.Row($"  portal CPU over {Idle.TotalSeconds:F0} s with nothing changing: no page open / every page open", $"{quietCpu.TotalMilliseconds:F0} / {idleCpu.TotalMilliseconds:F0} ms", string.Empty),
            PortalBenchmark.Row($"  burst: {changes} changes to {pages} pages, {delivered} events delivered{(allGot ? string.Empty : " (NOT every page got every change)")} in {burst.TotalSeconds:F1} s", string.Empty, string.Empty),
            PortalBenchmark.Row("    portal CPU in the burst; per delivered event; per open page", string.Create(CultureInfo.InvariantCulture,
                $"{burstCpu.TotalMilliseconds:F0} ms; {burstCpu.TotalMilliseconds * 1000 / Math.Max(1, delivered):F1} us; {burstCpu.TotalMilliseconds / pages:F2} ms"), string.Empty),
        ];
    }

    private static async Task CountEventsAsync(Stream stream, int[] counts, int index, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line == "event: machine")
                {
                    Interlocked.Increment(ref counts[index]);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // closed by the benchmark
        }
    }
}
