using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticCompute.Bench;

/// <summary>The devcluster command as a separate process, so its memory is measured alone.</summary>
internal sealed partial class DevClusterProcess : IAsyncDisposable
{
    private readonly Process process;

    private DevClusterProcess(Process process, Uri url, string kubeconfig)
    {
        this.process = process;
        Url = url;
        Kubeconfig = kubeconfig;
    }

    public Uri Url { get; }

    /// <summary>The kubeconfig it wrote (for clients run as their own process).</summary>
    public string Kubeconfig { get; }

    public static Task<DevClusterProcess> StartAsync(string repositoryRoot, CancellationToken cancellationToken) =>
        StartAsync(repositoryRoot, [], cancellationToken);

    /// <param name="arguments">More options of the devcluster command (for example --no-operator, --nodes 80).</param>
    public static async Task<DevClusterProcess> StartAsync(string repositoryRoot, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(repositoryRoot, "devcluster", "bin", "Release", "net10.0", "devcluster.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"build it first: dotnet build -c Release devcluster ({dll})");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():n}.kubeconfig");
        // The measured control plane runs without the portal (the portal benchmark runs its own beside it).
        foreach (var argument in new[] { dll, "--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--no-portal" }.Concat(arguments.Where(a => a != "--no-portal")))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            var match = ReadyLine().Match(line);
            if (match.Success)
            {
                // Keep reading its output so that a full pipe never blocks it.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new DevClusterProcess(process, new Uri(match.Groups[1].Value), kubeconfig);
            }
        }

        throw new InvalidOperationException("devcluster exited before it was ready: " + await process.StandardError.ReadToEndAsync(cancellationToken));
    }

    /// <summary>Resident set size in MiB, from /proc.</summary>
    public double ResidentMiB() => ProcessMemory.ResidentMiB(process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"API (http://\S+)")]
    private static partial Regex ReadyLine();
}
