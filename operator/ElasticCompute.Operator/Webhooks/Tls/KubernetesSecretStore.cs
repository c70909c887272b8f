using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Operator.Webhooks.Tls;

internal sealed class KubernetesSecretStore(IKubernetes client, string ns, string name) : ISecretStore
{
    public string Namespace => ns;

    public string Name => name;

    public async Task<V1Secret?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<V1Secret?> TryCreateAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        try
        {
            return await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    public async Task<V1Secret?> TryReplaceAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(secret.Metadata?.ResourceVersion))
        {
            // Without a resourceVersion the API would overwrite unconditionally: exactly the fight to avoid.
            throw new ArgumentException("a replace needs the resourceVersion it was read at", nameof(secret));
        }

        try
        {
            return await client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
