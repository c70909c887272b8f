using System.Text;
using ElasticCompute.DevCluster.Server.Hosting;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>A bare devcluster (no CRDs, no simulated world): Secrets and webhook configurations are all these tests need.</summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "operator-tls-tests", Guid.NewGuid().ToString("n"));

    public DevClusterServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await DevClusterServer.StartAsync(new DevClusterOptions { Listen = "127.0.0.1:0" });
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"))));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public async Task<string> NamespaceAsync()
    {
        var name = $"tls-{Guid.NewGuid().ToString("n")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task<V1Secret?> SecretAsync(string ns, string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedSecretAsync(name, ns);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static string Text(V1Secret secret, string key) => Encoding.UTF8.GetString(secret.Data[key]);
}
