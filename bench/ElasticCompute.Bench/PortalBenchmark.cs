using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime;
using System.Text;
using System.Text.Json;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Pages.Tenants;
using ElasticCompute.Portal.Tenancy;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ElasticCompute.Bench;

/// <summary>
/// The portal's benchmark. (1) The first page after sign-in, weighed in Debian's chromium with a cold cache (bytes on
/// the wire, compressed; script apart), with an empty tenant and with N machines. (2) The machines page with N machines:
/// an HttpClient signed in through the form requests it sequentially; the full request time on loopback (client side)
/// stands in for the server's time, so nothing is added to the portal for it. (3) Open live pages (see
/// <see cref="LivePagesBenchmark"/>). devcluster (the API server, the operator
/// and its webhooks) is its own process, as an API server is for a portal pod; the portal runs in this process.
/// </summary>
internal static class PortalBenchmark
{
    private const string Tenant = "bench";
    private const string Account = "member";
    private const string Password = "member-password-for-the-bench";
    private const string AdminPassword = "admin-password-for-the-bench";
    private const int WarmUp = 100;
    private const int ProbeRounds = 200;
    private const long PageBudget = 50 * 1024;
    private const long ScriptBudget = 20 * 1024;
    private const double P99Budget = 20;

    public static string Row(string what, string measured, string target, bool? met = null) =>
        $"  {what,-84} {measured,-26} {target,-14} {(met is null ? string.Empty : met.Value ? "PASS" : "MISS")}".TrimEnd();

    public static async Task<IReadOnlyList<string>> RunAsync(int machines, int requests, int livePages, CancellationToken cancellationToken)
    {
        var root = BenchApi.FindRoot();
        // 1 vCPU and 1Gi each, runStrategy Always: every machine is placed and runs (a virt-launcher pod each; 110 pods a node).
        var nodes = (machines / 100) + 2;
        await using var devcluster = await DevClusterProcess.StartAsync(
            root,
            ["--no-portal", "--nodes", $"{nodes}", "--node-cpu", "128", "--node-memory", "512Gi", "--storage-capacity", $"{(machines * 64) + 1024}Gi"],
            cancellationToken);
        using var api = BenchApi.Client(devcluster.Url, 16);
        using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(devcluster.Kubeconfig));
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var portal = await PortalApp.StartAsync(
            new PortalOptions { Listen = "127.0.0.1:0", InitialAdminPassword = AdminPassword, LoggerFactory = loggers },
            KubernetesClientConfiguration.BuildConfigFromConfigFile(devcluster.Kubeconfig),
            cancellationToken);
        await portal.Services.GetRequiredService<TenantDirectory>().CreateAsync(Tenant, null, cancellationToken);
        if (await portal.Services.GetRequiredService<AccountService>().CreateAsync(Account, Password, AccountRole.Member, [Tenant], cancellationToken) is { } problem)
        {
            throw new InvalidOperationException($"the member account was refused: {problem}");
        }

        Console.WriteLine($"devcluster process (API server, operator, webhooks) at {devcluster.Url}: {nodes} nodes x 128 vCPU/512Gi; portal in this process at {portal.Url}; member {Account} of tenant {Tenant}");
        Console.WriteLine($"this process runs {(GCSettings.IsServerGC ? "Server" : "workstation")} GC; the portal's own executable runs Server GC (DOTNET_gcServer=1 runs this one so too)");

        PageWeight empty;
        PageWeight full;
        string browserVersion;
        using (var playwright = await Playwright.CreateAsync())
        {
            await using var browser = await FirstPageProbe.LaunchAsync(playwright);
            browserVersion = browser.Version;
            _ = await FirstPageProbe.MeasureAsync(browser, portal.Url, Account, Password); // warm-up: the portal's first requests (JIT, data protection keys)
            empty = await FirstPageProbe.MeasureAsync(browser, portal.Url, Account, Password);
            Console.WriteLine($"first page after sign-in, empty tenant ({empty.Url}), chromium {browserVersion}, cold cache:");
            empty.Lines().ToList().ForEach(Console.WriteLine);

            await CreateMachinesAsync(api, kubernetes, machines, cancellationToken);
            full = await FirstPageProbe.MeasureAsync(browser, portal.Url, Account, Password);
            Console.WriteLine($"first page after sign-in, {machines} machines:");
            full.Lines().ToList().ForEach(Console.WriteLine);
        }

        // The machines page, sequentially, from a client signed in through the form.
        var (http, landing) = await PortalSignIn.SignInAsync(portal.Url, Account, Password, cancellationToken);
        using var client = http;
        var page = new Uri($"/tenants/{Tenant}/machines", UriKind.Relative);
        if (landing.AbsolutePath != page.OriginalString)
        {
            throw new InvalidOperationException($"sign-in led to {landing}, not {page}");
        }

        var html = await client.GetByteArrayAsync(page, cancellationToken);
        var text = Encoding.UTF8.GetString(html);
        // The page lists the tenant's first 50 and says how many there are in all.
        var rows = CountOf(text, "<th scope=\"row\"");
        if (rows != Math.Min(machines, 50) || (machines > 50 && !text.Contains($" of {machines}", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"the machines page lists {rows} machines, not the first {Math.Min(machines, 50)} of {machines}");
        }

        for (var i = 0; i < WarmUp; i++)
        {
            await GetAsync(client, page, cancellationToken);
        }

        Console.WriteLine($"machines page: {requests} requests, one at a time, after {WarmUp} warm-up ...");
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();
        var times = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await GetAsync(client, page, cancellationToken);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / Math.Max(1, requests);
        var pauses = GC.GetTotalPauseDuration() - paused;
        var collections = $"{GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}";
        Array.Sort(times);

        // Where the time goes: the page's parts without the page around them, interleaved round by round with the page
        // itself so that each sees the same moment (the same GC state, the same background work in devcluster).
        var listPath = $"{BenchApi.MachinesApi}/namespaces/{Tenant}/elasticmachines?limit={MachinesModel.PageSize}";
        var listJson = await BenchApi.SendAsync(api, HttpMethod.Get, listPath, null, cancellationToken);
        var store = portal.Services.GetRequiredService<MachineStore>();
        var listed = (await store.ListAsync(Tenant, cancellationToken)).Take(MachinesModel.PageSize).ToArray();
        var probes = await InterleavedAsync(
        [
            () => GetAsync(client, page, cancellationToken),
            () => BenchApi.SendAsync(api, HttpMethod.Get, listPath, null, cancellationToken),
            () => store.ListAsync(Tenant, cancellationToken),
            () =>
            {
                _ = listed.Select(MachineView.Of).ToArray();
                return Task.CompletedTask;
            },
            () => GetAsync(client, new Uri("/healthz", UriKind.Relative), cancellationToken),
            () => GetAsync(client, new Uri("/status/404", UriKind.Relative), cancellationToken),
        ]);
        var liveRows = livePages > 0
            ? await LivePagesBenchmark.RunAsync(root, devcluster, api, Tenant, Account, Password, livePages, Math.Min(100, machines), cancellationToken)
            : [];
        string Both(double[] sorted) => $"{Ms(Percentile(sorted, 0.5))} / {Ms(Percentile(sorted, 0.99))}";

        var p50 = Percentile(times, 0.5);
        var p99 = Percentile(times, 0.99);
        var pass = p99 <= P99Budget;
        var machinesLine = $"{machines} machines Running (1 vCPU, 1Gi, runStrategy Always)";
        var gcMode = GCSettings.IsServerGC ? "Server" : "workstation";
        return
        [
            Row("first page after sign-in, cold cache, empty tenant: on the wire, compressed", PageWeight.KiB(empty.WireBytes), "<= 50 KiB", empty.WireBytes <= PageBudget),
            Row("  of it script", PageWeight.KiB(empty.ScriptWireBytes), "<= 20 KiB", empty.ScriptWireBytes <= ScriptBudget),
            Row($"first page after sign-in, cold cache, {machines} machines", PageWeight.KiB(full.WireBytes), "<= 50 KiB", full.WireBytes <= PageBudget),
            Row("  of it script", PageWeight.KiB(full.ScriptWireBytes), "<= 20 KiB", full.ScriptWireBytes <= ScriptBudget),
            Row("  of it the document (HTML; pages are not compressed, BREACH)", PageWeight.KiB(full.Resources.Where(r => r.Type == "Document").Sum(r => r.WireBytes)), string.Empty),
            Row($"machines page, {machinesLine}: HTML", PageWeight.KiB(html.Length), string.Empty),
            Row("  the same HTML if compressed, gzip / brotli (Fastest, as the middleware)", $"{PageWeight.KiB(Compressed(html, brotli: false))} / {PageWeight.KiB(Compressed(html, brotli: true))}", string.Empty),
            Row($"  full request on loopback (client side), {requests} in a row: p50/p99/max", $"{Ms(p50)} / {Ms(p99)} / {Ms(times[^1])}", "p99 <= 20 ms", pass),
            Row("  allocated per request (portal and client, this process)", $"{perRequest / 1024.0:F0} KiB", string.Empty),
            Row($"  GC in the run ({gcMode} GC): gen0/1/2 collections; pauses", $"{collections}; {pauses.TotalMilliseconds:F0} ms", string.Empty),
            Row($"  where the time goes, p50 / p99 ({ProbeRounds} rounds, interleaved):", string.Empty, string.Empty),
            Row("    the machines page (full request, as above)", Both(probes[0]), string.Empty),
            Row($"    the page's list: all {machines} from the shared cache, in name order (MachineStore.ListAsync)", Both(probes[2]), string.Empty),
            Row($"    MachineView.Of for a page of {listed.Length} machines", Both(probes[3]), string.Empty),
            Row("    Kestrel and the client alone: GET /healthz (no page, no session)", Both(probes[4]), string.Empty),
            Row("    a signed-in page without the list: GET /status/404 (session, layout)", Both(probes[5]), string.Empty),
            Row("    the rest: tenant check, Razor for the rows, the HTML (page - list - status, p50)", Ms(Percentile(probes[0], 0.5) - Percentile(probes[2], 0.5) - Percentile(probes[5], 0.5)), string.Empty),
            Row($"    for comparison, what the page did before the shared cache: the API server's list of {MachinesModel.PageSize} ({PageWeight.KiB(Encoding.UTF8.GetByteCount(listJson))} of JSON, {PageWeight.KiB(ManagedFieldsBytes(listJson))} of it managedFields)", Both(probes[1]), string.Empty),
            .. liveRows,
            string.Empty,
            $"summary ({Environment.ProcessorCount} cores; devcluster process with the operator and webhooks; the portal in the benchmark's process, {gcMode} GC; chromium {browserVersion} headless):",
            $"  first page after sign-in, cold cache, on the wire: {PageWeight.KiB(empty.WireBytes)} (script {PageWeight.KiB(empty.ScriptWireBytes)}) with an empty tenant, "
                + $"{PageWeight.KiB(full.WireBytes)} (script {PageWeight.KiB(full.ScriptWireBytes)}) with {machines} machines; targets 50 KiB (20 KiB script): "
                + $"{Verdict(empty.WireBytes <= PageBudget && empty.ScriptWireBytes <= ScriptBudget)} empty, {Verdict(full.WireBytes <= PageBudget && full.ScriptWireBytes <= ScriptBudget)} with {machines}.",
            $"  machines page with {machines} machines (1 vCPU, 1Gi, runStrategy Always, all Running on {nodes} simulated nodes; {PageWeight.KiB(html.Length)} of HTML): p50 {Ms(p50)}, p99 {Ms(p99)}, max {Ms(times[^1])} "
                + $"over {requests} sequential requests (full request on loopback, measured by the client); target p99 <= 20 ms: {Verdict(pass)}.",
        ];
    }

    private static async Task CreateMachinesAsync(HttpClient api, Kubernetes kubernetes, int machines, CancellationToken cancellationToken)
    {
        if (machines == 0)
        {
            return;
        }

        await using var watcher = await ReadyWatcher.StartAsync(api, $"{BenchApi.MachinesApi}/namespaces/{Tenant}/elasticmachines", machines, BenchApi.MachineReady, cancellationToken);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"creating {machines} ElasticMachines (1 vCPU, 1Gi, runStrategy Always) in {Tenant} through the Kubernetes API ...");
        await BenchApi.ForAllAsync(machines, 8, 100, i => kubernetes.CustomObjects.CreateNamespacedCustomObjectAsync(
            new ElasticMachine
            {
                Metadata = new V1ObjectMeta { Name = $"vm-{i:D4}", NamespaceProperty = Tenant },
                Spec = new ElasticMachineSpec { Cpu = 1, Memory = "1Gi", RunStrategy = RunStrategy.Always },
            },
            ElasticMachine.KubeGroup,
            ElasticMachine.KubeApiVersion,
            Tenant,
            ElasticMachine.KubePluralName,
            cancellationToken: cancellationToken), cancellationToken);
        var created = clock.Elapsed.TotalSeconds;
        if (!await watcher.WaitAsync(TimeSpan.FromMinutes(15), "machines Running with Ready=True", cancellationToken))
        {
            throw new TimeoutException($"{watcher.Ready} of {machines} machines Running after 15 minutes");
        }

        Console.WriteLine($"  {machines} created in {created:F1} s; all Running, the operator's status on each, after {clock.Elapsed.TotalSeconds:F1} s");

        // The operator's and the simulators' last writes (a condition flip after Ready) belong to the machines, not to
        // the measurement: it starts once the cluster's resourceVersion has stood still for 3 s.
        var quiet = Stopwatch.StartNew();
        var revision = await BenchApi.RevisionAsync(api, cancellationToken);
        for (var still = 0; still < 3 && quiet.Elapsed < TimeSpan.FromMinutes(2);)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var now = await BenchApi.RevisionAsync(api, cancellationToken);
            still = now == revision ? still + 1 : 0;
            revision = now;
        }

        Console.WriteLine($"  the cluster {(quiet.Elapsed < TimeSpan.FromMinutes(2) ? "was quiet (no write for 3 s)" : "still wrote after 2 minutes; measuring anyway")} after {quiet.Elapsed.TotalSeconds:F0} s more");
    }

    private static async Task GetAsync(HttpClient client, Uri page, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(page, cancellationToken);
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {page}: {(int)response.StatusCode}");
        }
    }

    /// <summary>Runs the jobs one after another, round by round (20 warm-up rounds first), and returns each job's times sorted.</summary>
    private static async Task<double[][]> InterleavedAsync(IReadOnlyList<Func<Task>> jobs)
    {
        var times = jobs.Select(_ => new double[ProbeRounds]).ToArray();
        for (var round = -20; round < ProbeRounds; round++)
        {
            for (var j = 0; j < jobs.Count; j++)
            {
                var start = Stopwatch.GetTimestamp();
                await jobs[j]();
                if (round >= 0)
                {
                    times[j][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }
        }

        foreach (var sorted in times)
        {
            Array.Sort(sorted);
        }

        return times;
    }

    private static long Compressed(byte[] bytes, bool brotli)
    {
        using var output = new MemoryStream();
        using (Stream stream = brotli ? new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true) : new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            stream.Write(bytes);
        }

        return output.Length;
    }

    private static long ManagedFieldsBytes(string list)
    {
        using var json = JsonDocument.Parse(list);
        return json.RootElement.GetProperty("items").EnumerateArray()
            .Sum(m => m.GetProperty("metadata").TryGetProperty("managedFields", out var fields) ? (long)Encoding.UTF8.GetByteCount(fields.GetRawText()) : 0);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Verdict(bool met) => met ? "PASS" : "MISS";

    private static string Ms(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + " ms";

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
}
