using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ElasticCompute.Bench;

/// <summary>
/// Creates ElasticMachines from N concurrent clients against a devcluster process while one client watches
/// the namespace; reports creates per second, create latency, create-to-watch-event latency, and the
/// server's RSS once every object is stored.
/// </summary>
internal static class DevClusterBenchmark
{
    public static async Task<string> RunAsync(int objects, int clients, CancellationToken cancellationToken)
    {
        var root = FindRoot();
        await using var server = await DevClusterProcess.StartAsync(root, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = server.Url };
        var rssAtStart = server.ResidentMiB();

        await BenchApi.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}}""", cancellationToken);
        var path = "/apis/elasticcompute.io/v1alpha1/namespaces/bench/elasticmachines";

        // Warm up (JIT, connection pool) with objects that are not measured.
        await CreateAll(http, path, "warm", 400, clients, null, null, cancellationToken);

        var sent = new ConcurrentDictionary<string, long>();
        var delivered = new ConcurrentBag<double>();
        var seen = 0;
        using var watchCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var allSeen = new TaskCompletionSource();
        var revision = JsonDocument.Parse(await BenchApi.SendAsync(http, HttpMethod.Get, path + "?limit=1", null, cancellationToken)).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        var watch = Task.Run(() => WatchAsync(http, $"{path}?watch=true&resourceVersion={revision}", sent, delivered, () =>
        {
            if (Interlocked.Increment(ref seen) == objects)
            {
                allSeen.TrySetResult();
            }
        }, watchCancel.Token), CancellationToken.None);

        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await CreateAll(
            http,
            path,
            "m",
            objects,
            clients,
            (name, started) => sent[name] = started,
            (started, finished) => latencies.Add(Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds),
            cancellationToken);
        var elapsed = clock.Elapsed;
        await allSeen.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await watchCancel.CancelAsync();
        try
        {
            await watch;
        }
        catch (OperationCanceledException)
        {
        }

        GC.Collect();
        await Task.Delay(500, cancellationToken);
        var rss = server.ResidentMiB();
        var create = latencies.Order().ToArray();
        var watchLatency = delivered.Order().ToArray();
        var rate = objects / elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"""
            devcluster benchmark: {objects} ElasticMachines created by {clients} concurrent clients, one watcher
              creates/s                      {rate:F0}   (target >= 3000)
              create latency p50 / p99       {Percentile(create, 0.50):F2} / {Percentile(create, 0.99):F2} ms
              create-to-watch-event p50/p99  {Percentile(watchLatency, 0.50):F2} / {Percentile(watchLatency, 0.99):F2} ms   (target p99 <= 10 ms; from the create request being sent)
              server RSS at start            {rssAtStart:F0} MiB
              server RSS with {objects + 400} objects  {rss:F0} MiB
            """);
    }

    private static async Task CreateAll(HttpClient http, string path, string prefix, int count, int clients, Action<string, long>? onSend, Action<long, long>? onDone, CancellationToken cancellationToken)
    {
        var next = -1;
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var name = $"{prefix}-{i}";
                var body = """{"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticMachine","metadata":{"name":""" + "\"" + name + "\"" +
                    ""","labels":{"bench":"true"}},"spec":{"cpu":2,"memory":"4Gi","storage":{"size":"80Gi"}}}""";
                var started = Stopwatch.GetTimestamp();
                onSend?.Invoke(name, started);
                await BenchApi.SendAsync(http, HttpMethod.Post, path, body, cancellationToken);
                onDone?.Invoke(started, Stopwatch.GetTimestamp());
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
    }

    private static async Task WatchAsync(HttpClient http, string url, ConcurrentDictionary<string, long> sent, ConcurrentBag<double> delivered, Action onEvent, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.GetProperty("type").GetString() != "ADDED")
            {
                continue;
            }

            var name = json.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString()!;
            if (sent.TryGetValue(name, out var started))
            {
                delivered.Add(Stopwatch.GetElapsedTime(started, now).TotalMilliseconds);
                onEvent();
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElasticCompute.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
