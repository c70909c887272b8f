using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCompute.Bench;

/// <summary>The portal executable as its own process (as a portal pod runs), so its memory and CPU are its own.</summary>
internal sealed partial class PortalProcess : IAsyncDisposable
{
    private readonly Process process;

    private PortalProcess(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Id => process.Id;

    public static async Task<PortalProcess> StartAsync(string repositoryRoot, string kubeconfig, CancellationToken cancellationToken)
    {
        // devcluster references the portal, so its Release build carries the portal's assembly beside its own; run as
        // the image runs it (Server GC, the executable's own setting).
        var dll = Path.Combine(repositoryRoot, "devcluster", "bin", "Release", "net10.0", "ElasticCompute.Portal.dll");
        var (process, ready) = await ChildProcess.StartAsync(
            repositoryRoot, dll, ["--kubeconfig", kubeconfig, "--listen", "127.0.0.1:0", "--log-level", "Warning"], ReadyLine(), "the portal", cancellationToken);
        return new PortalProcess(process, new Uri(ready.Groups[1].Value));
    }

    public ProcessMemory.ResidentSet Memory() => ProcessMemory.Read(process.Id);

    /// <summary>CPU time used so far (user + system), from /proc/PID/stat in clock ticks of 10 ms.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>
    /// The process's established TCP connections to <paramref name="port"/> on loopback: its sockets (/proc/PID/fd)
    /// matched with the kernel's table (/proc/net/tcp). One list+watch is one such connection.
    /// </summary>
    public int ConnectionsTo(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{process.Id}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Concat(File.ReadLines("/proc/net/tcp6")).Skip(1).Count(line =>
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return f.Length > 9 && f[3] == "01" && f[2].EndsWith(":" + hexPort, StringComparison.Ordinal) && inodes.Contains(f[9]);
        });
    }

    public ValueTask DisposeAsync() => ChildProcess.StopAsync(process);

    [GeneratedRegex(@"portal ready: (http://\S+)")]
    private static partial Regex ReadyLine();
}
