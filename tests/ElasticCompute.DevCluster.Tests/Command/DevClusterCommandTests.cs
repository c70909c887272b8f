using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ElasticCompute.DevCluster.Tests.Command;

/// <summary>The devcluster command as a user runs it: one ready line, a working kubeconfig, state kept in --data-dir, its webhooks up on every start, a clean stop on SIGTERM.</summary>
public sealed partial class DevClusterCommandTests : IDisposable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, System.Collections.Concurrent.ConcurrentQueue<string>> Errors = new();

    private readonly string folder = Path.Combine(Path.GetTempPath(), "devcluster-command", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task Runs_serves_kubectl_keeps_state_in_the_data_dir_and_stops_on_sigterm()
    {
        var data = Path.Combine(folder, "data");
        var kubeconfig = Path.Combine(folder, "kubeconfig");

        var (first, ready) = await StartAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--data-dir", data, "--nodes", "2", "--node-cpu", "8");
        Assert.Matches(ReadyLine(), ready);
        Assert.Contains($"kubeconfig {kubeconfig}", ready, StringComparison.Ordinal);
        Assert.Contains("2 nodes x 8 vCPU", ready, StringComparison.Ordinal);
        await Kubectl(kubeconfig, "create", "namespace", "kept");
        Assert.Contains("devcluster-node-2", await Kubectl(kubeconfig, "get", "nodes", "-o", "name"), StringComparison.Ordinal);
        var stopped = await StopAsync(first);
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("devcluster stopping", stopped.Output, StringComparison.Ordinal);

        var (second, _) = await StartAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--data-dir", data, "--nodes", "2", "--node-cpu", "8");
        Assert.Contains("namespace/kept", await Kubectl(kubeconfig, "get", "namespace", "kept", "-o", "name"), StringComparison.Ordinal);
        Assert.Equal(0, (await StopAsync(second)).ExitCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(Process Process, string ReadyLine)> StartAsync(params string[] arguments)
    {
        // The command's build output sits next to this test's, under the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "devcluster", "bin", configuration, "net10.0", "devcluster.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data); // drained, so a chatty stderr never blocks the process
            }
        };
        process.BeginErrorReadLine();
        Errors[process.Id] = errors;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.True(line is not null, "devcluster exited before it was ready");
        return (process, line);
    }

    private static async Task<(int ExitCode, string Output)> StopAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        process.WaitForExit(); // and its stderr reader has seen the end
        var code = process.ExitCode;
        var errors = string.Join('\n', Errors.TryRemove(process.Id, out var lines) ? lines : []);
        process.Dispose();

        // The admission webhooks came up on every start, --data-dir restarts included (the command never waits on them for long).
        Assert.DoesNotContain("admission webhooks are not registered", errors, StringComparison.Ordinal);
        return (code, output);
    }

    private static async Task<string> Kubectl(string kubeconfig, params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECONFIG"] = kubeconfig;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', arguments)}: {error}");
        return output;
    }

    [GeneratedRegex(@"^devcluster ready: API http://127\.0\.0\.1:\d+ kubeconfig ")]
    private static partial Regex ReadyLine();
}
