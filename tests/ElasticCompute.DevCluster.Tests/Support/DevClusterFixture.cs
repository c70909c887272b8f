using System.Diagnostics;
using ElasticCompute.DevCluster.Server.Hosting;
using k8s;

namespace ElasticCompute.DevCluster.Tests.Support;

/// <summary>
/// One devcluster for a test class: started in-process on a free port with the repository's CRDs,
/// with a kubeconfig on disk for kubectl and a KubernetesClient for C# tests. Tests isolate themselves
/// in namespaces of their own.
/// </summary>
public class DevClusterFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "devcluster-tests", Guid.NewGuid().ToString("n"));

    public DevClusterServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public string KubeconfigPath { get; private set; } = null!;

    protected virtual DevClusterOptions Options => new()
    {
        Listen = "127.0.0.1:0",
        CrdDirectories = [Path.Combine(RepositoryPaths.Root, "crds")],
    };

    public async Task InitializeAsync()
    {
        Server = await DevClusterServer.StartAsync(Options);
        KubeconfigPath = Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A fresh namespace, created through the API.</summary>
    public async Task<string> NamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("n")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>Runs the installed kubectl against this devcluster with <paramref name="stdin"/> as its input; returns exit code, stdout and stderr.</summary>
    public async Task<KubectlResult> KubectlWithInputAsync(string stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KUBECONFIG"] = KubeconfigPath;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add($"--cache-dir={Path.Combine(folder, "kubectl-cache")}");

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new KubectlResult(process.ExitCode, await output, await error);
    }

    public Task<KubectlResult> KubectlAsync(params string[] arguments) => KubectlWithInputAsync(string.Empty, arguments);
}

public sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public KubectlResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"kubectl failed ({ExitCode}): {Error}\n{Output}");
        return this;
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
