using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElasticCompute.Bench;

/// <summary>
/// The operator executable as a separate process, as a cluster runs it (one replica, no leader election), so its
/// resident set is measured alone: nothing of the bench or devcluster is counted in it.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process process;

    private OperatorProcess(Process process, int healthPort, string description)
    {
        this.process = process;
        HealthPort = healthPort;
        Description = description;
    }

    public int HealthPort { get; }

    /// <summary>What runs: the JIT build under dotnet, or a native executable.</summary>
    public string Description { get; }

    public static async Task<OperatorProcess> StartAsync(string repositoryRoot, string kubeconfig, IReadOnlyList<string> environment, FileInfo? executable, CancellationToken cancellationToken, int? webhookPort = null, bool registerWebhooks = false)
    {
        var dll = Path.Combine(repositoryRoot, "operator", "ElasticCompute.Operator", "bin", "Release", "net10.0", "ElasticCompute.Operator.dll");
        if (executable is { Exists: false } || (executable is null && !File.Exists(dll)))
        {
            throw new FileNotFoundException($"build it first: dotnet build -c Release operator/ElasticCompute.Operator ({executable?.FullName ?? dll})");
        }

        var port = FreePort();
        var start = new ProcessStartInfo(executable?.FullName ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
        if (executable is null)
        {
            start.ArgumentList.Add(dll);
        }

        string[] arguments = ["--kubeconfig", kubeconfig, "--leader-elect", "false", "--health-port", $"{port}", .. WebhookArguments(webhookPort, registerWebhooks)];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var pair in environment)
        {
            var (name, value) = pair.Split('=', 2) is [var n, var v] ? (n, v) : throw new ArgumentException($"--operator-env takes NAME=VALUE, not \"{pair}\"");
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("the operator exited: " + await errors);
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new OperatorProcess(process, port, executable is null ? "JIT build (dotnet ElasticCompute.Operator.dll)" : $"native executable {executable.FullName}");
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow to answer while starting
            }

            await Task.Delay(200, cancellationToken);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("the operator did not become ready within a minute");
    }

    public ProcessMemory.ResidentSet Memory() => ProcessMemory.Read(process.Id);

    /// <summary>Throws if the operator stopped on its own.</summary>
    public void Check()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"the operator stopped (exit code {process.ExitCode})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>
    /// Webhooks served on the port, registered by url on 127.0.0.1 (the API server calls them) or not registered
    /// (the caller posts reviews itself); or no webhooks.
    /// </summary>
    private static string[] WebhookArguments(int? port, bool register) => port is { } p
        ? ["--webhook-port", $"{p}", "--namespace", "elasticcompute-system", .. register ? new[] { "--webhook-loopback" } : ["--register-webhooks", "false"]]
        : ["--no-webhooks"];

    /// <summary>The operator's Prometheus exposition (/metrics).</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{HealthPort}/metrics"), cancellationToken);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
