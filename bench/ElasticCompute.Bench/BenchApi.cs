using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ElasticCompute.Bench;

/// <summary>Plain HTTP to the API server (the benchmark's own clients, apart from the operator's).</summary>
internal static class BenchApi
{
    public const string MachinesApi = "/apis/elasticcompute.io/v1alpha1";

    public static HttpClient Client(Uri server, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromMinutes(5),
        };

    public static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, string? body, CancellationToken cancellationToken, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return text;
    }

    public static Task CreateNamespaceAsync(HttpClient http, string name, CancellationToken cancellationToken) =>
        SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""", cancellationToken);

    /// <summary>
    /// Writes an object no informer follows, so that every informer's resourceVersion falls behind the store's:
    /// after a compaction their watches cannot resume (410 Gone) and they must relist.
    /// </summary>
    public static Task AdvanceRevisionAsync(HttpClient http, CancellationToken cancellationToken) =>
        SendAsync(http, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"relist-{{{Guid.NewGuid():n}}}"}}""", cancellationToken);

    /// <summary>The cluster's current resourceVersion: every write anywhere moves it, so two readings bound the writes between them.</summary>
    public static async Task<long> RevisionAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var list = JsonDocument.Parse(await SendAsync(http, HttpMethod.Get, "/api/v1/namespaces?limit=1", null, cancellationToken));
        return long.Parse(list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>How many objects a collection holds, from one item and remainingItemCount (cheap for the caller's memory).</summary>
    public static async Task<long> CountAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var list = JsonDocument.Parse(await SendAsync(http, HttpMethod.Get, path + "?limit=1", null, cancellationToken));
        var items = list.RootElement.GetProperty("items").GetArrayLength();
        return items + (list.RootElement.GetProperty("metadata").TryGetProperty("remainingItemCount", out var rest) ? rest.GetInt64() : 0);
    }

    public static string Machine(string name, int cpu, string memory, string disk) =>
        $$$$"""{"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticMachine","metadata":{"name":"{{{{name}}}}","labels":{"bench":"true"}},"spec":{"cpu":{{{{cpu}}}},"memory":"{{{{memory}}}}","storage":{"size":"{{{{disk}}}}"}}}""";

    /// <summary>Runs <paramref name="count"/> jobs on <paramref name="workers"/> concurrent workers, printing progress every <paramref name="progressEvery"/> (0: never).</summary>
    public static async Task ForAllAsync(int count, int workers, int progressEvery, Func<int, Task> job, CancellationToken cancellationToken)
    {
        var next = -1;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await job(i);
                var finished = Interlocked.Increment(ref done);
                if (progressEvery > 0 && finished % progressEvery == 0)
                {
                    Console.WriteLine($"  ... created {finished}/{count}");
                }
            }
        }, cancellationToken)));
    }

    /// <summary>An ElasticMachine is ready when its phase is Running and its Ready condition is True.</summary>
    public static bool MachineReady(JsonElement machine) =>
        machine.TryGetProperty("status", out var status)
        && status.TryGetProperty("phase", out var phase) && phase.GetString() == "Running"
        && status.TryGetProperty("conditions", out var conditions)
        && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");

    /// <summary>A KubeVirt VirtualMachine is ready when status.ready is true.</summary>
    public static bool VirtualMachineReady(JsonElement vm) =>
        vm.TryGetProperty("status", out var status) && status.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True;

    public static string FindRoot()
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
