using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.DevCluster;

/// <summary>Namespaces the dev host needs before the product starts (a cluster's chart creates them).</summary>
internal static class DevClusterNamespaces
{
    public static async Task EnsureAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // there already (a --data-dir restart)
        }
    }
}
