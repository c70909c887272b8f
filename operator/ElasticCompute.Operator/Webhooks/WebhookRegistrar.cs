using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// Puts the webhook configurations in place: created when missing, replaced (with the resourceVersion read, so a
/// concurrent writer makes it retry rather than lose) when they differ, left alone when they match: replicas
/// starting together, and every restart, write nothing once all agree.
/// </summary>
internal sealed class WebhookRegistrar(IKubernetes client)
{
    public async Task<int> RegisterAsync(WebhookEndpoint endpoint, string? caBundle, string operatorNamespace, CancellationToken cancellationToken)
    {
        var writes = 0;
        var mutating = WebhookConfigurations.Mutating(endpoint, caBundle, operatorNamespace);
        var validating = WebhookConfigurations.Validating(endpoint, caBundle, operatorNamespace);
        var ops = client.AdmissionregistrationV1;
        writes += await EnsureAsync(
            () => ops.CreateMutatingWebhookConfigurationAsync(mutating, cancellationToken: cancellationToken),
            () => ops.ReadMutatingWebhookConfigurationAsync(mutating.Metadata.Name, cancellationToken: cancellationToken),
            (existing) => ops.ReplaceMutatingWebhookConfigurationAsync(mutating with { Metadata = mutating.Metadata with { ResourceVersion = existing.Metadata.ResourceVersion } }, mutating.Metadata.Name, cancellationToken: cancellationToken),
            (existing) => KubernetesJson.Serialize(existing.Webhooks) == KubernetesJson.Serialize(mutating.Webhooks)).ConfigureAwait(false);
        writes += await EnsureAsync(
            () => ops.CreateValidatingWebhookConfigurationAsync(validating, cancellationToken: cancellationToken),
            () => ops.ReadValidatingWebhookConfigurationAsync(validating.Metadata.Name, cancellationToken: cancellationToken),
            (existing) => ops.ReplaceValidatingWebhookConfigurationAsync(validating with { Metadata = validating.Metadata with { ResourceVersion = existing.Metadata.ResourceVersion } }, validating.Metadata.Name, cancellationToken: cancellationToken),
            (existing) => KubernetesJson.Serialize(existing.Webhooks) == KubernetesJson.Serialize(validating.Webhooks)).ConfigureAwait(false);
        return writes;
    }

    private static async Task<int> EnsureAsync<T>(Func<Task<T>> create, Func<Task<T>> read, Func<T, Task<T>> replace, Func<T, bool> same)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await create().ConfigureAwait(false);
                return 1;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // exists: compare below
            }

            var existing = await read().ConfigureAwait(false);
            if (same(existing))
            {
                return 0;
            }

            try
            {
                await replace(existing).ConfigureAwait(false);
                return 1;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 5)
            {
                // another replica wrote it between our read and write: read again
            }
        }
    }
}
