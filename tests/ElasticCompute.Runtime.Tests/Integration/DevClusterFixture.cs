using ElasticCompute.DevCluster.Server.Hosting;
using k8s;

namespace ElasticCompute.Runtime.Tests.Integration;

/// <summary>A real devcluster on loopback and a client from its kubeconfig.</summary>
internal sealed class DevClusterFixture : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("runtime-tests").FullName;

    private DevClusterFixture(DevClusterServer server)
    {
        Server = server;
    }

    public DevClusterServer Server { get; }

    public static async Task<DevClusterFixture> StartAsync() =>
        new(await DevClusterServer.StartAsync(new DevClusterOptions { Listen = "127.0.0.1:0" }));

    public Kubernetes NewClient() =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"))));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
