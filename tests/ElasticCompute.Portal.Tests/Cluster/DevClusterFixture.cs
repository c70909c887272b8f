using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Simulation;
using k8s;
using k8s.Models;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>
/// devcluster alone (no operator, portal or browser) with the portal's namespace, recording the requests it serves.
/// Tests that share it each use namespaces of their own.
/// </summary>
public sealed class DevClusterFixture : IAsyncLifetime
{
    public const string PortalNamespace = "elasticcompute-system";

    public DevClusterServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public RecordedRequests Requests { get; } = new();

    /// <summary>Where the cluster serves, as a kubeconfig would say.</summary>
    public KubernetesClientConfiguration Configuration => new() { Host = Server.Url.ToString() };

    public async Task InitializeAsync()
    {
        Server = await DevClusterServer.StartAsync(new DevClusterOptions
        {
            Listen = "127.0.0.1:0",
            CrdDirectories = [RepositoryPaths.Crds],
            Http = new ApiHandlerOptions { Faults = Requests },
            Modules = SimulatedWorld.Modules(new SimulationOptions { Nodes = 1 }),
        });
        Client = NewClient();
        await NamespaceAsync(PortalNamespace);
    }

    /// <summary>A client of its own, as another portal replica has.</summary>
    public Kubernetes NewClient() => new(Configuration);

    /// <summary>A namespace named prefix-xxxxxx, fresh for one test.</summary>
    public Task<string> FreshNamespaceAsync(string prefix) => NamespaceAsync($"{prefix}-{Guid.NewGuid().ToString("n")[..6]}");

    public async Task<string> NamespaceAsync(string name)
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
