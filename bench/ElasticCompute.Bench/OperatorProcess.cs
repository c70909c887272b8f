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

    private OperatorProcess(Process process, int healthPort)
    {
        this.process = process;
        HealthPort = healthPort;
    }

    public int HealthPort { get; }

    public static async Task<OperatorProcess> StartAsync(string repositoryRoot, string kubeconfig, IReadOnlyList<string> environment, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(repositoryRoot, "operator", "ElasticCompute.Operator", "bin", "Release", "net10.0", "ElasticCompute.Operator.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"build it first: dotnet build -c Release operator/ElasticCompute.Operator ({dll})");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
        foreach (var argument in new[] { dll, "--kubeconfig", kubeconfig, "--leader-elect", "false", "--health-port", $"{port}", "--no-webhooks" })
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
                    return new OperatorProcess(process, port);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
