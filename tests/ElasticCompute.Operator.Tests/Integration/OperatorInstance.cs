using ElasticCompute.Operator.Hosting;
using ElasticCompute.Runtime.Hosting;
using k8s;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>One operator process, in-process: its own client and manager; stopping it is cancelling its token (a crash, as far as the cluster can tell).</summary>
public sealed class OperatorInstance : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Kubernetes client;
    private readonly Task run;

    internal OperatorInstance(string kubeconfig, OperatorOptions options)
    {
        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        Manager = OperatorHost.Build(client, options);
        run = Task.Run(() => Manager.RunAsync(stop.Token));
    }

    public Manager Manager { get; }

    public string Identity => Manager.Options.Identity;

    public bool IsLeader => Manager.IsLeader;

    public bool Stopped => run.IsCompleted;

    /// <summary>Cancels the operator and waits for it to end (bounded, so a hung shutdown fails the test instead of hanging it).</summary>
    public async Task StopAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Manager.Dispose();
        client.Dispose();
        stop.Dispose();
    }
}
