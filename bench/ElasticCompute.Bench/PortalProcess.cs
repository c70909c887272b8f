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
        // devcluster references the portal, so its Release build carries the portal's assembly beside its own.
        var dll = Path.Combine(repositoryRoot, "devcluster", "bin", "Release", "net10.0", "ElasticCompute.Portal.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"build it first: dotnet build -c Release devcluster ({dll})");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
        foreach (var argument in new[] { dll, "--kubeconfig", kubeconfig, "--listen", "127.0.0.1:0", "--log-level", "Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        // As the image runs it: Server GC (the executable's own setting), nothing else changed.
        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            var match = ReadyLine().Match(line);
            if (match.Success)
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new PortalProcess(process, new Uri(match.Groups[1].Value));
            }
        }

        throw new InvalidOperationException("the portal exited before it was ready: " + await process.StandardError.ReadToEndAsync(cancellationToken));
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

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"portal ready: (http://\S+)")]
    private static partial Regex ReadyLine();
}
