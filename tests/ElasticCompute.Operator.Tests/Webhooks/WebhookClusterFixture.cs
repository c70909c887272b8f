using System.Diagnostics;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.Operator.Tests.Integration;
using ElasticCompute.Operator.Hosting;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Webhooks;

/// <summary>
/// devcluster with the operator and its admission webhooks, composed as the devcluster command does: the webhooks on
/// loopback with the operator's own CA, registered with a url clientConfig, called by devcluster over HTTPS. Tests
/// drive it with the installed kubectl.
/// </summary>
public sealed class WebhookClusterFixture : IAsyncLifetime, IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "webhook-tests", Guid.NewGuid().ToString("n"));
    private Task operatorTask = Task.CompletedTask;

    public DevClusterServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public string Kubeconfig { get; private set; } = null!;

    public int WebhookPort { get; private set; }

    public async Task InitializeAsync()
    {
        Server = await TestDevCluster.StartAsync(nodes: 2, nodeCpu: 16, nodeMemory: "64Gi");
        Kubeconfig = Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        var webhooks = new WebhookOptions { Address = System.Net.IPAddress.Loopback, Port = 0, Loopback = true };
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = webhooks.Namespace } });
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        operatorTask = Task.Run(() => OperatorHost.RunAsync(
            Client,
            new OperatorOptions { LeaderElection = false, HttpPort = null, Webhooks = webhooks with { Ready = port => ready.TrySetResult(port) } },
            stop.Token));
        var first = await Task.WhenAny(ready.Task, operatorTask).WaitAsync(TimeSpan.FromSeconds(60));
        if (first == operatorTask)
        {
            await operatorTask;
        }

        WebhookPort = await ready.Task;
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await operatorTask;
        }
        catch (OperationCanceledException)
        {
        }

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

    public void Dispose() => stop.Dispose();

    public async Task<string> NamespaceAsync()
    {
        var name = $"wh-{Guid.NewGuid().ToString("n")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>Runs kubectl against this cluster with <paramref name="stdin"/> as its input.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> KubectlAsync(string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["KUBECONFIG"] = Kubeconfig;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
