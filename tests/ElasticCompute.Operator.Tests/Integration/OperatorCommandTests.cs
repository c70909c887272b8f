using k8s;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>
/// The operator executable as a cluster runs it: its own process, a kubeconfig, leader election on a Lease, health
/// and metrics on its port, and a graceful exit on SIGTERM (what the kubelet sends when it stops the pod).
/// </summary>
public sealed class OperatorCommandTests(FaultClusterFixture cluster) : IClassFixture<FaultClusterFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => cluster.StopDefaultOperatorAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public Task Runs_from_a_kubeconfig_serves_health_and_metrics_and_stops_on_sigterm() =>
        RunsAsync(cluster, "dotnet", webhooks: false, Path.Combine(AppContext.BaseDirectory, "ElasticCompute.Operator.dll"));

    [Fact]
    public async Task A_missing_namespace_is_named_in_one_line_and_the_operator_starts_working_once_it_exists()
    {
        // The Lease and the webhook certificate's Secret live in a namespace a chart creates; run by hand against a
        // cluster without it, the operator used to wait in silence (the client's lock hides why) and print stack traces.
        var missing = $"op-missing-{Guid.NewGuid().ToString("n")[..6]}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "ElasticCompute.Operator.dll"), "--kubeconfig", cluster.Kubeconfig, "--lease-namespace", missing,
            "--namespace", missing, "--webhook-loopback", "--webhook-port", "0", "--health-port", "0",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => lines.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => lines.Enqueue(e.Data ?? string.Empty);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var notFound = $"404 NotFound: namespaces \"{missing}\" not found";
            await Eventually(() => Task.FromResult(lines.ToArray()), l =>
                l.Any(x => x.Contains($"cannot take or renew the Lease {missing}/elasticcompute-operator: {notFound}; retrying", StringComparison.Ordinal))
                && l.Any(x => x.Contains($"webhook TLS: reading or writing Secret {missing}/elasticcompute-webhook-tls failed: {notFound}; trying again", StringComparison.Ordinal)),
                "the operator to name the missing namespace", seconds: 60);
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal)); // no stack trace
            Assert.Single(lines, l => l.Contains("cannot take or renew the Lease", StringComparison.Ordinal)); // once per reason, not every retry

            await cluster.Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = missing } });
            await WaitForWebhooksAsync(cluster);
            var ns = await cluster.NamespaceAsync();
            await cluster.CreateMachineAsync(ns, "late", "cpu: 1\nmemory: 1Gi\n");
            await cluster.MachineWhereAsync(ns, "late", m => Condition(m, "Ready") == "True", "Ready once the namespace exists", seconds: 60);
        }
        finally
        {
            foreach (var delete in new Func<Task>[]
            {
                () => cluster.Client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync("elasticcompute-mutating"),
                () => cluster.Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync("elasticcompute-validating"),
            })
            {
                try
                {
                    await delete();
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                }
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Starts the executable (<paramref name="fileName"/> with <paramref name="leadingArguments"/>) against the
    /// cluster, waits for a machine it reconciles to be Ready, checks health, metrics and the Lease, then SIGTERM.
    /// With <paramref name="webhooks"/> it also serves its webhooks, registered by url on loopback, and the machine
    /// (created without a disk size) must come back with the mutating webhook's recommendation annotation.
    /// </summary>
    internal static async Task RunsAsync(FaultClusterFixture cluster, string fileName, bool webhooks, params string[] leadingArguments)
    {
        var leaseNs = await cluster.NamespaceAsync();
        var port = FreePort();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] webhookArguments = webhooks ? ["--webhook-loopback", "--webhook-port", "0", "--namespace", leaseNs] : ["--no-webhooks"];
        foreach (var argument in new[] { "--kubeconfig", cluster.Kubeconfig, "--lease-namespace", leaseNs, "--health-port", port.ToString(CultureInfo.InvariantCulture) }.Concat(webhookArguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in leadingArguments.Reverse())
        {
            start.ArgumentList.Insert(0, argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            var ns = await cluster.NamespaceAsync();
            if (webhooks)
            {
                await WaitForWebhooksAsync(cluster);
            }

            await cluster.CreateMachineAsync(ns, "exe", "cpu: 1\nmemory: 1Gi\n");
            var machine = await cluster.MachineWhereAsync(ns, "exe", m => Condition(m, "Ready") == "True", "Ready, reconciled by the operator process", seconds: 60);
            var recommendation = machine["metadata"]?["annotations"]?["elasticcompute.io/storage-recommendation"];
            Assert.True(webhooks == recommendation is not null, $"webhooks {webhooks}, recommendation annotation: {recommendation}");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
            Assert.Contains("controller_runtime_reconcile_total{controller=\"elasticmachine\"", await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("elasticcompute-operator", leaseNs);
            Assert.False(string.IsNullOrEmpty(lease.Spec.HolderIdentity));
        }
        finally
        {
            if (webhooks)
            {
                // The configurations point at this process: later tests on this cluster must not call a stopped server.
                await cluster.Client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync("elasticcompute-mutating");
                await cluster.Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync("elasticcompute-validating");
            }

            if (!process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the operator did not stop within 30 s of SIGTERM");
        }

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await errors}");
        Assert.Contains("elasticcompute-operator stopped", await output, StringComparison.Ordinal);
    }

    private static async Task WaitForWebhooksAsync(FaultClusterFixture cluster)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var mutating = await cluster.Client.AdmissionregistrationV1.ListMutatingWebhookConfigurationAsync();
            var validating = await cluster.Client.AdmissionregistrationV1.ListValidatingWebhookConfigurationAsync();
            if (mutating.Items.Count > 0 && validating.Items.Count > 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("the operator did not register its webhooks within a minute");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
