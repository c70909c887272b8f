using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ElasticCompute.Operator.Hosting;
using k8s;
using k8s.Models;

namespace ElasticCompute.Bench;

/// <summary>
/// Issue 5's benchmark. (1) The webhook server under 50 concurrent clients posting AdmissionReviews over HTTPS, as
/// the API server would: the time in the handler (read to written, the target) and the client's round trip. (2)
/// Creates through the devcluster command with its webhooks on vs off (--no-webhooks), alternated, same machine.
/// </summary>
internal static class WebhookBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(int reviews, int concurrency, int creates, int creators, FileInfo? operatorExecutable, CancellationToken cancellationToken)
    {
        var handler = await HandlerLatencyAsync(reviews, concurrency, operatorExecutable, cancellationToken);
        var endToEnd = creates > 0 ? await EndToEndAsync(creates, creators, operatorExecutable, cancellationToken) : [];
        return [.. handler, .. endToEnd];
    }

    private static async Task<IReadOnlyList<string>> HandlerLatencyAsync(int reviews, int concurrency, FileInfo? operatorExecutable, CancellationToken cancellationToken)
    {
        var root = BenchApi.FindRoot();
        // devcluster, the operator (serving the webhooks) and these clients are three processes, as an API server and
        // a webhook pod would be; the handler's time comes from the operator's own histogram on /metrics.
        await using var devcluster = await DevClusterProcess.StartAsync(root, ["--no-operator", "--nodes", "8", "--node-cpu", "64", "--node-memory", "256Gi"], cancellationToken);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = devcluster.Url.GetLeftPart(UriPartial.Authority), AccessToken = "devcluster" });
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "elasticcompute-system" } }, cancellationToken: cancellationToken);
        var port = OperatorProcess.FreePort();
        await using var op = await OperatorProcess.StartAsync(root, devcluster.Kubeconfig, [], operatorExecutable, cancellationToken, webhookPort: port);
        Console.WriteLine($"webhooks of the {op.Description} on https://127.0.0.1:{port}: {reviews} reviews from {concurrency} concurrent clients (mutate and validate, alternating)");

        // The API server keeps connections to a webhook open and trusts only the caBundle; so do these clients.
        V1Secret? secret = null;
        for (var attempt = 0; secret is null; attempt++)
        {
            try
            {
                secret = await client.CoreV1.ReadNamespacedSecretAsync("elasticcompute-webhook-tls", "elasticcompute-system", cancellationToken: cancellationToken);
            }
            catch (k8s.Autorest.HttpOperationException) when (attempt < 100)
            {
                await Task.Delay(200, cancellationToken);
            }
        }

        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPem(Encoding.UTF8.GetString(secret.Data["ca.crt"]));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        })
        { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

        var roundTrips = new double[reviews];
        async Task PostAsync(int i, bool record)
        {
            var mutate = i % 2 == 0;
            var body = Review(i, mutate);
            var clock = Stopwatch.GetTimestamp();
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(mutate ? "/mutate-elasticmachine" : "/validate-elasticmachine", UriKind.Relative), content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode || !text.Contains("\"allowed\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"review {i}: {(int)response.StatusCode} {text}");
            }

            if (record)
            {
                roundTrips[i] = Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
            }
        }

        await WaitForWebhooksAsync(() => PostAsync(0, false), cancellationToken);
        await BenchApi.ForAllAsync(Math.Min(2000, reviews), concurrency, 0, i => PostAsync(i, false), cancellationToken); // warm-up: connections, tiering
        var before = AdmissionHistogram.Parse(await op.MetricsAsync(cancellationToken));
        var wall = Stopwatch.StartNew();
        await BenchApi.ForAllAsync(reviews, concurrency, 0, i => PostAsync(i, true), cancellationToken);
        wall.Stop();
        var inHandler = AdmissionHistogram.Parse(await op.MetricsAsync(cancellationToken)).Minus(before);
        if (inHandler.Count != reviews)
        {
            throw new InvalidOperationException($"the operator's histogram counted {inHandler.Count} reviews, {reviews} were sent");
        }

        Array.Sort(roundTrips);
        string Ms(double v) => v.ToString("F2", CultureInfo.InvariantCulture) + " ms";
        var within = inHandler.FractionWithin(0.002);
        return
        [
            OperatorThroughputBenchmark.Row($"webhook reviews at {concurrency} concurrent: throughput", $"{reviews / wall.Elapsed.TotalSeconds:F0}/s", string.Empty),
            OperatorThroughputBenchmark.Row("  in the handler p50 / p99 (histogram)", $"{Ms(inHandler.Quantile(0.5) * 1000)} / {Ms(inHandler.Quantile(0.99) * 1000)}", string.Empty),
            OperatorThroughputBenchmark.Row("  in the handler within 2 ms", within.ToString("P2", CultureInfo.InvariantCulture), "p99 <= 2 ms", within >= 0.99),
            OperatorThroughputBenchmark.Row("  round trip over HTTPS p50 / p99 (queueing incl.)", $"{Ms(Percentile(roundTrips, 0.5))} / {Ms(Percentile(roundTrips, 0.99))}", string.Empty),
        ];
    }

    private static async Task<IReadOnlyList<string>> EndToEndAsync(int creates, int creators, FileInfo? operatorExecutable, CancellationToken cancellationToken)
    {
        var root = BenchApi.FindRoot();
        var warmUp = Math.Max(1000, creates / 2);
        var nodes = ((warmUp + creates) * 2 / 128) + 4; // 2 vCPUs each: every machine fits
        var off = new List<(double Acknowledged, double Ready)>();
        var on = new List<(double Acknowledged, double Ready)>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var webhooks in new[] { false, true })
            {
                // The API server and the operator as two processes, as in a cluster: the webhooks' calls then wait
                // for the operating system's scheduler, not in one process's thread-pool queue behind reconciles.
                await using var devcluster = await DevClusterProcess.StartAsync(
                    root,
                    ["--no-operator", "--nodes", $"{nodes}", "--node-cpu", "128", "--node-memory", "512Gi", "--storage-capacity", "1Pi"],
                    cancellationToken);
                using var http = BenchApi.Client(devcluster.Url, creators + 4);
                await BenchApi.CreateNamespaceAsync(http, "elasticcompute-system", cancellationToken);
                await BenchApi.CreateNamespaceAsync(http, "bench", cancellationToken);
                await using var op = await OperatorProcess.StartAsync(
                    root, devcluster.Kubeconfig, [], operatorExecutable, cancellationToken, webhookPort: webhooks ? OperatorProcess.FreePort() : null, registerWebhooks: true);
                if (webhooks)
                {
                    await WaitForRegistrationAsync(http, cancellationToken);
                }

                var path = $"{BenchApi.MachinesApi}/namespaces/bench/elasticmachines";

                // Warm up the whole path (JIT and tiering of the API server, webhooks, operator and simulators) until
                // those machines are Ready, so the measured ones neither pay for it nor share the cores with it.
                await using (var warm = await ReadyWatcher.StartAsync(http, path, warmUp, BenchApi.MachineReady, cancellationToken))
                {
                    await BenchApi.ForAllAsync(warmUp, creators, 0, i => BenchApi.SendAsync(http, HttpMethod.Post, path, Machine($"warm-{i}"), cancellationToken), cancellationToken);
                    await warm.WaitAsync(TimeSpan.FromMinutes(10), "warm-up machines Ready", cancellationToken);
                }

                // Measured until every machine is Ready: creates alone would flatter the run that defers the most
                // work (the operator's, the simulators') past the last acknowledged create.
                await using var watcher = await ReadyWatcher.StartAsync(http, path, creates, BenchApi.MachineReady, cancellationToken);
                var clock = Stopwatch.StartNew();
                await BenchApi.ForAllAsync(creates, creators, 0, i => BenchApi.SendAsync(http, HttpMethod.Post, path, Machine($"m-{i}"), cancellationToken), cancellationToken);
                var acknowledged = clock.Elapsed.TotalSeconds;
                if (!await watcher.WaitAsync(TimeSpan.FromMinutes(10), "machines Ready", cancellationToken))
                {
                    throw new TimeoutException($"{watcher.Ready} of {creates} machines Ready after 10 minutes");
                }

                var ready = clock.Elapsed.TotalSeconds;
                (webhooks ? on : off).Add((acknowledged, ready));
                Console.WriteLine($"  round {round + 1}, webhooks {(webhooks ? "on" : "off")}: {creates} creates acknowledged in {acknowledged:F2} s, all Ready in {ready:F2} s");
            }
        }

        var ratio = on.Min(r => r.Ready) / off.Min(r => r.Ready);
        var acknowledgedRatio = on.Min(r => r.Acknowledged) / off.Min(r => r.Acknowledged);
        return
        [
            OperatorThroughputBenchmark.Row($"{creates} creates after {warmUp} warm-up, {creators} creators: all Ready, webhooks off / on (best of 2)", $"{off.Min(r => r.Ready):F2} s / {on.Min(r => r.Ready):F2} s", string.Empty),
            OperatorThroughputBenchmark.Row("  end to end (create to Ready) on / off", ratio.ToString("F2", CultureInfo.InvariantCulture), "<= 1.15", ratio <= 1.15),
            OperatorThroughputBenchmark.Row($"  creates acknowledged, off / on: {off.Min(r => r.Acknowledged):F2} s / {on.Min(r => r.Acknowledged):F2} s; on / off", acknowledgedRatio.ToString("F2", CultureInfo.InvariantCulture), string.Empty),
        ];
    }

    /// <summary>Waits until the operator has registered both webhook configurations with devcluster.</summary>
    private static async Task WaitForRegistrationAsync(HttpClient http, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var mutating = await BenchApi.CountAsync(http, "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", cancellationToken);
            var validating = await BenchApi.CountAsync(http, "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", cancellationToken);
            if (mutating > 0 && validating > 0)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("the operator did not register its webhooks within a minute");
    }

    /// <summary>Posts until the webhook server answers (it starts once its certificate and caches are ready).</summary>
    private static async Task WaitForWebhooksAsync(Func<Task> post, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await post();
                return;
            }
            catch (HttpRequestException) when (attempt < 300)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>A machine with no disk size: the mutating webhook recommends one, the validating one checks it.</summary>
    private static string Machine(string name) =>
        $$$"""{"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticMachine","metadata":{"name":"{{{name}}}"},"spec":{"cpu":2,"memory":"4Gi"}}""";

    private static string Review(int i, bool mutate)
    {
        var storage = mutate ? string.Empty : ""","storage":{"size":"80Gi","reclaimPolicy":"Retain"},"runStrategy":"Always","image":{"dataSource":"ubuntu-24.04"}""";
        return $$$"""
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"{{{Guid.NewGuid()}}}",
             "kind":{"group":"elasticcompute.io","version":"v1alpha1","kind":"ElasticMachine"},
             "resource":{"group":"elasticcompute.io","version":"v1alpha1","resource":"elasticmachines"},
             "name":"m-{{{i}}}","namespace":"bench","operation":"CREATE","userInfo":{"username":"bench"},
             "object":{"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticMachine","metadata":{"name":"m-{{{i}}}","namespace":"bench"},
               "spec":{"cpu":2,"memory":"4Gi"{{{storage}}}}},
             "oldObject":null,"dryRun":false}}
            """;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
