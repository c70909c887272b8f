using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCompute.Bench;

/// <summary>
/// Real guests (devcluster --vm-runtime qemu, its operator in-process): Create -> ssh answers at the address the
/// machine's status gives, for one machine and for four created at once, driven with kubectl and ssh as a user
/// would; then each idle guest's CPU (over 20 s, from /proc) and resident memory.
/// </summary>
internal static partial class VmsBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string memory, int idleSeconds, CancellationToken cancellationToken)
    {
        var root = BenchApi.FindRoot();
        var folder = Path.Combine(Path.GetTempPath(), $"bench-vms-{Guid.NewGuid():n}"[..22]);
        Directory.CreateDirectory(folder);
        var key = Path.Combine(folder, "id_ed25519");
        await RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", key], null, cancellationToken);
        var publicKey = (await File.ReadAllTextAsync(key + ".pub", cancellationToken)).Trim();
        var rows = new List<string>();
        await using (var cluster = await DevClusterProcess.StartAsync(root, ["--vm-runtime", "qemu", "--data-dir", Path.Combine(folder, "data"), "--nodes", "1"], cancellationToken))
        {
            var one = await CreateAndReachAsync(cluster.Kubeconfig, key, publicKey, memory, ["one"], cancellationToken);
            rows.Add(PortalBenchmark.Row($"1 machine (1 vCPU, {memory}): Create -> ssh answers", Seconds(one[0]), "<= 8 s", one[0] <= TimeSpan.FromSeconds(8)));
            await KubectlAsync(cluster.Kubeconfig, ["delete", "elasticmachine", "one", "--timeout=120s"], cancellationToken);

            string[] four = ["four-a", "four-b", "four-c", "four-d"];
            var times = (await CreateAndReachAsync(cluster.Kubeconfig, key, publicKey, memory, four, cancellationToken)).Order().ToList();
            rows.Add(PortalBenchmark.Row($"4 machines at once: Create -> ssh answers, p50 / max", $"{Seconds(times[1])} / {Seconds(times[^1])}", "max <= 15 s", times[^1] <= TimeSpan.FromSeconds(15)));

            var guests = GuestProcesses();
            var before = guests.ToDictionary(p => p, CpuTicks);
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds), cancellationToken);
            var ticksPerSecond = 100.0; // USER_HZ on Linux
            var cpu = guests.Select(p => (CpuTicks(p) - before[p]) / ticksPerSecond / idleSeconds * 100).ToList();
            var resident = guests.Select(p => ProcessMemory.ResidentMiB(p)).ToList();
            rows.Add(PortalBenchmark.Row($"idle guest CPU over {idleSeconds} s, % of a core (mean / max of {guests.Count})",
                string.Create(CultureInfo.InvariantCulture, $"{cpu.Average():F2} / {cpu.Max():F2}"), "< 2%", cpu.Max() < 2));
            rows.Add(PortalBenchmark.Row($"idle guest resident memory, {memory} guest (mean / max)",
                string.Create(CultureInfo.InvariantCulture, $"{resident.Average():F0} / {resident.Max():F0} MiB"), "<= 160 MiB", resident.Max() <= 160));
            await KubectlAsync(cluster.Kubeconfig, ["delete", "elasticmachine", "--all", "--timeout=120s"], cancellationToken);
        }

        Directory.Delete(folder, recursive: true);
        return rows;
    }

    /// <summary>Applies the machines together, then times each from the apply until ssh ran a command in it.</summary>
    private static async Task<List<TimeSpan>> CreateAndReachAsync(string kubeconfig, string key, string publicKey, string memory, string[] names, CancellationToken cancellationToken)
    {
        var yaml = string.Join("---\n", names.Select(n => $"""
            apiVersion: elasticcompute.io/v1alpha1
            kind: ElasticMachine
            metadata: {"{"}name: {n}, namespace: default{"}"}
            spec:
              cpu: 1
              memory: {memory}
              sshKeys: ["{publicKey}"]

            """));
        var clock = Stopwatch.StartNew();
        await KubectlAsync(kubeconfig, ["apply", "-f", "-"], cancellationToken, yaml);
        var reached = await Task.WhenAll(names.Select(async n =>
        {
            await SshAsync(kubeconfig, key, n, cancellationToken);
            return clock.Elapsed;
        }));
        return [.. reached];
    }

    private static async Task SshAsync(string kubeconfig, string key, string machine, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var line = (await RunAsync("kubectl", ["get", "elasticmachine", machine, "-o", "jsonpath={.status.access.ssh}"], kubeconfig, cancellationToken)).Output.Trim();
            if (SshLine().Match(line) is { Success: true } ssh)
            {
                var (code, _) = await RunAsync("ssh",
                [
                    "-i", key, "-p", ssh.Groups["port"].Value, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "ConnectTimeout=3", "-o", "LogLevel=ERROR", $"{ssh.Groups["user"].Value}@{ssh.Groups["host"].Value}", "true",
                ], null, cancellationToken);
                if (code == 0)
                {
                    return;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{machine}: ssh did not answer within 3 minutes");
    }

    private static List<int> GuestProcesses() =>
        Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Contains("guest=default.four-", StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .ToList();

    /// <summary>utime + stime of a process, in clock ticks.</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F1} s");

    private static async Task KubectlAsync(string kubeconfig, string[] arguments, CancellationToken cancellationToken, string? stdin = null)
    {
        var (code, output) = await RunAsync("kubectl", arguments, kubeconfig, cancellationToken, stdin);
        if (code != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)}: {output}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, string? kubeconfig, CancellationToken cancellationToken, string? stdin = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (kubeconfig is not null)
        {
            start.Environment["KUBECONFIG"] = kubeconfig;
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^ssh -p (?<port>\d+) (?<user>[a-z_][a-z0-9_-]*)@(?<host>\S+)$")]
    private static partial Regex SshLine();
}
