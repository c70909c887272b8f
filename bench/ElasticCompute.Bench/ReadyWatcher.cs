using System.Diagnostics;
using System.Text.Json;

namespace ElasticCompute.Bench;

/// <summary>
/// Follows a collection with one watch (resumed from its last resourceVersion if the server ends it) and
/// completes once <c>expected</c> distinct objects have satisfied <c>isReady</c>; keeps only their names,
/// so it adds little to the memory of the process it runs in.
/// </summary>
internal sealed class ReadyWatcher : IAsyncDisposable
{
    private readonly HashSet<string> ready = new(StringComparer.Ordinal);
    private readonly List<long> readyAt = [];
    private readonly Lock gate = new();
    private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<JsonElement, bool> isReady;
    private readonly Action<string>? onReady;
    private readonly int expected;
    private readonly Task loop;

    private ReadyWatcher(HttpClient http, string path, string resourceVersion, int expected, Func<JsonElement, bool> isReady, Action<string>? onReady)
    {
        this.expected = expected;
        this.isReady = isReady;
        this.onReady = onReady;
        loop = Task.Run(() => RunAsync(http, path, resourceVersion, stop.Token));
    }

    public int Ready
    {
        get
        {
            lock (gate)
            {
                return ready.Count;
            }
        }
    }

    /// <summary>When the given share of the objects (0..1] had become ready, counted from <paramref name="start"/> (a Stopwatch timestamp).</summary>
    public TimeSpan ReadyAfter(long start, double share)
    {
        lock (gate)
        {
            var index = Math.Clamp((int)Math.Ceiling(share * readyAt.Count) - 1, 0, readyAt.Count - 1);
            return readyAt.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(start, readyAt[index]);
        }
    }

    /// <summary>
    /// Starts watching <paramref name="path"/> (a collection) from now; query is appended to the watch.
    /// <paramref name="onReady"/> is told the name of each object the first time it is ready.
    /// </summary>
    public static async Task<ReadyWatcher> StartAsync(HttpClient http, string path, int expected, Func<JsonElement, bool> isReady, CancellationToken cancellationToken, Action<string>? onReady = null)
    {
        var list = await BenchApi.SendAsync(http, HttpMethod.Get, AddQuery(path, "limit=1"), null, cancellationToken);
        var revision = JsonDocument.Parse(list).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        return new ReadyWatcher(http, path, revision, expected, isReady, onReady);
    }

    /// <summary>Waits for all, printing progress every few seconds; false on timeout.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!all.Task.IsCompleted)
        {
            if (loop.IsFaulted)
            {
                await loop;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await all.Task.WaitAsync(left < TimeSpan.FromSeconds(10) ? left : TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (TimeoutException)
            {
                Console.WriteLine($"  ... {Ready}/{expected} {what}");
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
        }

        stop.Dispose();
    }

    private static string AddQuery(string path, string query) => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    private async Task RunAsync(HttpClient http, string path, string resourceVersion, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var response = await http.GetAsync(AddQuery(path, $"watch=true&resourceVersion={resourceVersion}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                using var json = JsonDocument.Parse(line);
                var type = json.RootElement.GetProperty("type").GetString();
                var item = json.RootElement.GetProperty("object");
                if (type == "ERROR")
                {
                    throw new InvalidOperationException("watch failed: " + line);
                }

                resourceVersion = item.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
                if (type is not ("ADDED" or "MODIFIED") || !isReady(item))
                {
                    continue;
                }

                var name = item.GetProperty("metadata").GetProperty("name").GetString()!;
                var key = item.GetProperty("metadata").GetProperty("namespace").GetString() + "/" + name;
                bool first;
                lock (gate)
                {
                    first = ready.Add(key);
                    if (first)
                    {
                        readyAt.Add(Stopwatch.GetTimestamp());
                        if (ready.Count >= expected)
                        {
                            all.TrySetResult();
                        }
                    }
                }

                if (first)
                {
                    onReady?.Invoke(name);
                }
            }
        }
    }
}
