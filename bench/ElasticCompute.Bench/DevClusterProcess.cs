using System.Diagnostics;
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
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():n}.kubeconfig");
        // The measured control plane runs without the portal (the portal benchmark runs its own beside it).
        var (process, ready) = await ChildProcess.StartAsync(
            repositoryRoot, dll, new[] { "--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--no-portal" }.Concat(arguments.Where(a => a != "--no-portal")), ReadyLine(), "devcluster", cancellationToken);
        return new DevClusterProcess(process, new Uri(ready.Groups[1].Value), kubeconfig);
    }

    /// <summary>Resident set size in MiB, from /proc.</summary>
    public double ResidentMiB() => ProcessMemory.ResidentMiB(process.Id);

    public ValueTask DisposeAsync() => ChildProcess.StopAsync(process);

    [GeneratedRegex(@"API (http://\S+)")]
    private static partial Regex ReadyLine();
}
