using System.Diagnostics;
using System.Text.RegularExpressions;
using ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

namespace ElasticCompute.DevCluster.Tests.Guests;

/// <summary>
/// The devcluster command with real QEMU guests (<c>--vm-runtime qemu</c>), its operator in-process, one node, state in a
/// folder of its own; kubectl and ssh as a user runs them, with a key made for the run. Needs qemu-system-x86, qemu-utils
/// and the built guest image (<c>bash devcluster/guest/build.sh</c>, which .ci/run does).
/// </summary>
public sealed partial class GuestClusterFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "devcluster-guests", Guid.NewGuid().ToString("n")[..12]);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();
    private Process? process;

    public string ImageDirectory { get; } = Path.Combine(RepositoryPaths.Root, ".devcluster", "guest");

    public string KubeconfigPath => Path.Combine(folder, "kubeconfig");

    public string DataDirectory => Path.Combine(folder, "data");

    public string KeyPath => Path.Combine(folder, "id_ed25519");

    public string PublicKey { get; private set; } = string.Empty;

    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Why real guests cannot run here (null: they can).</summary>
    public string? Missing { get; private set; }

    public async Task InitializeAsync()
    {
        Missing = QemuPrerequisites.Missing(new QemuSettings { GuestImageDirectory = ImageDirectory, DiskDirectory = folder, RunDirectory = folder });
        if (Missing is not null)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "guest-tests", "-f", KeyPath]);
        PublicKey = (await File.ReadAllTextAsync(KeyPath + ".pub")).Trim();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[]
        {
            Path.Combine(RepositoryPaths.Root, "devcluster", "bin", configuration, "net10.0", "devcluster.dll"),
            "--listen", "127.0.0.1:0", "--kubeconfig", KubeconfigPath, "--data-dir", DataDirectory, "--no-portal", "--nodes", "1",
            "--vm-runtime", "qemu", "--guest-image", ImageDirectory,
        })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => errors.Enqueue(e.Data ?? string.Empty);
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ready = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("devcluster exited: " + string.Join('\n', errors));
        ApiUrl = new Uri(ApiAddress().Match(ready).Groups["url"].Value);
        Assert.Contains("VMs qemu", ready, StringComparison.Ordinal);
    }

    /// <summary>Fails under CI and skips elsewhere when qemu or the image is missing.</summary>
    public void Require()
    {
        if (Missing is not null)
        {
            throw Prerequisites.Missing($"real guests need {Missing}", ImageDirectory);
        }
    }

    public Task<string> KubectlAsync(params string[] arguments) => RunKubectlAsync(null, arguments);

    /// <summary>kubectl apply -f - of <paramref name="yaml"/>.</summary>
    public Task<string> ApplyAsync(string yaml) => RunKubectlAsync(yaml, ["apply", "-f", "-"]);

    private async Task<string> RunKubectlAsync(string? stdin, string[] arguments)
    {
        var (code, output, error) = await RunAsync("kubectl", arguments, stdin, ("KUBECONFIG", KubeconfigPath));
        Assert.True(code == 0, $"kubectl {string.Join(' ', arguments)}: {error}");
        return output;
    }

    /// <summary>The machine's <paramref name="jsonPath"/> once <paramref name="done"/> holds (polling kubectl, bounded).</summary>
    public async Task<string> UntilAsync(string machine, string jsonPath, Func<string, bool> done, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var (code, output, _) = await RunAsync("kubectl", ["get", "elasticmachine", machine, "-o", $"jsonpath={jsonPath}"], null, ("KUBECONFIG", KubeconfigPath));
            last = code == 0 ? output.Trim() : "(absent)";
            if (done(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"timed out waiting for {what}; last: {last}\n{await KubectlAsync("get", "elasticmachine,vm,vmi,dv,svc", "-o", "wide")}");
    }

    /// <summary>Runs <paramref name="command"/> over ssh at the address the machine's status gives (retried while the guest comes up).</summary>
    public async Task<string> SshAsync(string machine, string command, int seconds = 60)
    {
        var line = await UntilAsync(machine, "{.status.access.ssh}", s => s.StartsWith("ssh ", StringComparison.Ordinal), "the machine's ssh line");
        var match = SshLine().Match(line);
        Assert.True(match.Success, $"an ssh line like 'ssh -p PORT user@host', not '{line}'");
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        (int Code, string Output, string Error) last;
        do
        {
            last = await RunAsync("ssh",
            [
                "-i", KeyPath, "-p", match.Groups["port"].Value, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR", $"{match.Groups["user"].Value}@{match.Groups["host"].Value}", command,
            ]);
            if (last.Code == 0)
            {
                return last.Output;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"ssh {line} '{command}' kept failing: {last.Code} {last.Error}");
    }

    /// <summary>The machine's disk file (the qcow2 of its claim's PersistentVolume) in the data folder.</summary>
    public async Task<string> DiskFileAsync(string machine)
    {
        var volume = (await KubectlAsync("get", "pvc", machine + "-disk", "-o", "jsonpath={.spec.volumeName}")).Trim();
        return Path.Combine(DataDirectory, "disks", volume + ".qcow2");
    }

    public string Machine(string name, string extra = "", string memory = "512Mi") => $"""
        apiVersion: elasticcompute.io/v1alpha1
        kind: ElasticMachine
        metadata:
          name: {name}
          namespace: default
        spec:
          cpu: 1
          memory: {memory}
          sshKeys:
            - {PublicKey}
        {extra}
        """;

    public async Task DisposeAsync()
    {
        if (process is not null)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string[] arguments, string? stdin = null, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"API (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ApiAddress();

    [GeneratedRegex(@"^ssh -p (?<port>\d+) (?<user>[a-z_][a-z0-9_-]*)@(?<host>[0-9.]+|[a-z0-9.-]+)$")]
    private static partial Regex SshLine();
}
