using ElasticCompute.DevCluster.Server.Faults;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using k8s;

namespace ElasticCompute.DevCluster.Tests.Faults;

/// <summary>A real devcluster with a fault injector, and clients for it.</summary>
internal sealed class FaultServer : IAsyncDisposable
{
    private FaultServer(DevClusterServer server, FaultInjector faults)
    {
        Server = server;
        Faults = faults;
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url.ToString() });
        Http = new HttpClient { BaseAddress = server.Url };
    }

    public DevClusterServer Server { get; }

    public FaultInjector Faults { get; }

    public Kubernetes Client { get; }

    public HttpClient Http { get; }

    public static async Task<FaultServer> StartAsync(TimeProvider? faultTime = null)
    {
        var faults = new FaultInjector(faultTime);
        var server = await DevClusterServer.StartAsync(new DevClusterOptions { Http = new ApiHandlerOptions { Faults = faults } });
        faults.Attach(server.Store);
        return new FaultServer(server, faults);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
