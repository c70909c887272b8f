using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ElasticCompute.DevCluster.Tests.Command;

/// <summary>The devcluster command as a user runs it: one ready line, a working kubeconfig, state kept in --data-dir, its webhooks up on every start, a clean stop on SIGTERM.</summary>
// Not beside the real guests: in two full runs a devcluster started here exited before its ready line while
// guests booted (it passes alone); the failure message now carries its stderr.
[Collection(ElasticCompute.DevCluster.Tests.Guests.RealGuests.Name)]
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

        // A second devcluster on the same folder would corrupt the first one's state: it refuses, and says why.
        var (code, _, errors) = await RunToExitAsync("--listen", "127.0.0.1:0", "--kubeconfig", Path.Combine(folder, "other"), "--data-dir", data);
        Assert.Equal(1, code);
        Assert.StartsWith($"devcluster: cannot keep state in --data-dir {data}: ", errors.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("(is another devcluster using this folder? stop it first, or pick another --data-dir)", errors.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, (await StopAsync(second)).ExitCode);
    }

    [Fact]
    public async Task Its_ready_line_gives_the_portals_address_and_the_first_admin_password_once()
    {
        var data = Path.Combine(folder, "data");
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        var (first, ready) = await StartAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--data-dir", data, "--nodes", "1");
        var match = PortalLine().Match(ready);
        Assert.True(match.Success, ready);
        using (var http = new HttpClient())
        {
            var signIn = await http.GetStringAsync(new Uri(new Uri(match.Groups["url"].Value), "/signin"));
            Assert.Contains("Account name", signIn, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await StopAsync(first)).ExitCode);

        // The accounts live in the cluster, so a restart on the same --data-dir keeps them and prints no new password.
        var (second, again) = await StartAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--data-dir", data, "--nodes", "1");
        Assert.Contains("(sign in with your portal account)", again, StringComparison.Ordinal);
        Assert.DoesNotContain("password", again, StringComparison.Ordinal);
        Assert.Equal(0, (await StopAsync(second)).ExitCode);

        var (third, without) = await StartAsync("--listen", "127.0.0.1:0", "--kubeconfig", Path.Combine(folder, "kubeconfig-3"), "--no-portal", "--nodes", "1");
        Assert.DoesNotContain("portal", without, StringComparison.Ordinal);
        Assert.Equal(0, (await StopAsync(third)).ExitCode);
    }

    [Fact]
    public async Task Without_its_operator_it_still_makes_the_operators_namespace_for_one_run_beside_it()
    {
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        var (process, _) = await StartAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--no-operator", "--nodes", "1");
        Assert.Contains("namespace/elasticcompute-system", await Kubectl(kubeconfig, "get", "namespace", "elasticcompute-system", "-o", "name"), StringComparison.Ordinal);
        Assert.DoesNotContain("elasticcompute", await Kubectl(kubeconfig, "get", "validatingwebhookconfigurations,mutatingwebhookconfigurations", "-o", "name"), StringComparison.Ordinal);
        Assert.Equal(0, (await StopAsync(process)).ExitCode);
    }

    [Theory]
    [InlineData("--listen", "nonsense", "--listen: 'nonsense' is not host:port, the host an IP address or localhost and the port 0-65535 (0 picks a free port), for example 127.0.0.1:6443")]
    [InlineData("--listen", "127.0.0.1:70000", "--listen: '127.0.0.1:70000' is not host:port")]
    [InlineData("--node-memory", "lots", "--node-memory: 'lots' is not a positive Kubernetes quantity, for example 64Gi")]
    [InlineData("--storage-capacity", "0", "--storage-capacity: '0' is not a positive Kubernetes quantity, for example 2Ti")]
    [InlineData("--nodes", "-1", "--nodes: must be at least 0, not -1")]
    [InlineData("--node-cpu", "0", "--node-cpu: must be at least 1, not 0")]
    [InlineData("--portal-listen", "8080", "--portal-listen: '8080' is not host:port with an IP address or localhost")]
    public async Task A_bad_option_is_refused_before_anything_starts_naming_the_option_and_its_rule(string option, string value, string error)
    {
        var kubeconfig = Path.Combine(folder, "kubeconfig");

        string[] listen = option == "--listen" ? [] : ["--listen", "127.0.0.1:0"]; // were it to start, never on the default port
        var (code, output, errors) = await RunToExitAsync([.. listen, "--kubeconfig", kubeconfig, option, value]);

        Assert.Equal(1, code);
        Assert.Contains(error, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("devcluster ready", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(kubeconfig), "nothing should have started");
    }

    [Fact]
    public async Task The_vm_runtime_is_qemu_only_where_it_can_run_and_auto_says_what_is_missing()
    {
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        var missing = Path.Combine(folder, "no-image");

        var (code, output, errors) = await RunToExitAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--vm-runtime", "qemu", "--guest-image", missing);
        Assert.Equal(1, code);
        Assert.StartsWith("devcluster: --vm-runtime qemu: ", errors.Trim(), StringComparison.Ordinal);
        Assert.True(errors.Contains($"no guest image in {missing} (build it with: bash devcluster/guest/build.sh)", StringComparison.Ordinal)
            || errors.Contains("is not installed (apt-get install qemu-system-x86 qemu-utils", StringComparison.Ordinal), errors);
        Assert.DoesNotContain("devcluster ready", output, StringComparison.Ordinal);

        var (auto, ready) = await StartAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--vm-runtime", "auto", "--guest-image", missing, "--nodes", "1");
        Assert.Contains("VMs simulated;", ready, StringComparison.Ordinal);
        var stopped = await StopAsync(auto);
        Assert.Equal(0, stopped.ExitCode);
        Assert.Contains("devcluster: VMs are simulated: ", stopped.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_and_a_data_dir_that_cannot_be_made_are_one_line_each_not_a_stack_trace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var address = $"127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";
        var kubeconfig = Path.Combine(folder, "kubeconfig");

        var (code, _, errors) = await RunToExitAsync("--listen", address, "--kubeconfig", kubeconfig);

        Assert.Equal(1, code);
        Assert.Equal(
            $"devcluster: cannot listen on {address}: the address is in use (is another devcluster running? stop it, or pick another address with --listen; port 0 picks a free one)",
            errors.Trim());

        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var (dataCode, _, dataErrors) = await RunToExitAsync("--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--data-dir", Path.Combine(file, "data"));

        Assert.Equal(1, dataCode);
        Assert.StartsWith($"devcluster: cannot keep state in --data-dir {Path.Combine(file, "data")}: ", dataErrors.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", dataErrors, StringComparison.Ordinal);
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

    /// <summary>Runs the command to its exit (for one that must refuse to start): exit code, stdout, stderr.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> RunToExitAsync(params string[] arguments)
    {
        using var process = Process.Start(Command(arguments))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static ProcessStartInfo Command(string[] arguments)
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

        if (!arguments.Contains("--vm-runtime"))
        {
            start.Environment["ELASTICCOMPUTE_VM_RUNTIME"] = "simulated"; // real guests only where a test asks for them
        }

        if (!arguments.Contains("--portal-listen") && !arguments.Contains("--no-portal"))
        {
            // Tests run side by side: never on the portal's default port either.
            start.ArgumentList.Add("--portal-listen");
            start.ArgumentList.Add("127.0.0.1:0");
        }

        return start;
    }

    private static async Task<(Process Process, string ReadyLine)> StartAsync(params string[] arguments)
    {
        var process = Process.Start(Command(arguments))!;
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
        if (line is null)
        {
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();
            Assert.Fail($"devcluster exited ({process.ExitCode}) before it was ready: {string.Join('\n', errors)}");
        }

        return (process, line);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> StopAsync(Process process)
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
        return (code, output, errors);
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

    [GeneratedRegex(@"; portal (?<url>http://127\.0\.0\.1:\d+/) \(sign in as admin with password (?<password>[A-Za-z0-9]{20}); shown only now\)$")]
    private static partial Regex PortalLine();
}
