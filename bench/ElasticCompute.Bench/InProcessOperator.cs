using ElasticCompute.Operator.Hosting;
using k8s;

namespace ElasticCompute.Bench;

/// <summary>
/// The operator as the product runs it (<see cref="OperatorHost.RunAsync"/>, one replica, no leader
/// election), in this process, with every request it makes counted.
/// </summary>
internal sealed class InProcessOperator : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Kubernetes client;
    private readonly Task running;

    private InProcessOperator(Uri server)
    {
        client = new Kubernetes(new KubernetesClientConfiguration { Host = server.GetLeftPart(UriPartial.Authority), AccessToken = "devcluster" }, Counter);
        running = Task.Run(() => OperatorHost.RunAsync(client, new OperatorOptions { LeaderElection = false, HttpPort = null }, stop.Token));
    }

    public WriteCounter Counter { get; } = new();

    public static InProcessOperator Start(Uri server) => new(server);

    /// <summary>Throws if the operator stopped on its own.</summary>
    public void Check()
    {
        if (running.IsCompleted)
        {
            running.GetAwaiter().GetResult();
            throw new InvalidOperationException("the operator stopped");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        client.Dispose();
        stop.Dispose();
    }
}
