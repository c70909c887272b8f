using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>
/// Writes the CA bundle into <c>clientConfig.caBundle</c> of every webhook of the named Mutating/Validating
/// WebhookConfigurations, only where it differs. One JSON patch per configuration: for each webhook to change,
/// a <c>test</c> of its name at its index, then an <c>add</c> of the caBundle, so a list reordered meanwhile
/// (a Helm upgrade) fails the whole patch and is re-read rather than patched at the wrong index.
/// A configuration that does not exist is nothing to do. Only for self-managed certificates: with
/// cert-manager its CA injector does this.
/// </summary>
internal sealed class CaBundleInjector(IKubernetes client, IReadOnlyList<string> mutating, IReadOnlyList<string> validating, TimeProvider time, ILogger logger)
{
    public const string MutatingKind = "MutatingWebhookConfiguration";
    public const string ValidatingKind = "ValidatingWebhookConfiguration";
    private const int MaxAttempts = 3;

    /// <summary>How often the bundle is checked even without a change (someone re-applied a configuration without it).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Writes <paramref name="caBundlePem"/> where it is not yet; returns how many webhooks were written.</summary>
    public async Task<int> InjectAsync(string caBundlePem, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(caBundlePem);
        var bundle = Encoding.UTF8.GetBytes(caBundlePem);
        var written = 0;
        foreach (var name in mutating)
        {
            written += await InjectAsync(MutatingKind, name, bundle, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in validating)
        {
            written += await InjectAsync(ValidatingKind, name, bundle, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    /// <summary>Once the source has a certificate: injects, then again on every change and every resync, until cancelled.</summary>
    public async Task RunAsync(ICertificateSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged() => changes.Writer.TryWrite(true);
        source.Changed += OnChanged;
        try
        {
            await source.WaitForReadyAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                changes.Reader.TryRead(out _);
                var wait = ResyncInterval;
                try
                {
                    await InjectAsync(source.CaBundle, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    TlsLog.InjectFailed(logger, e);
                    wait = RetryInterval;
                }

                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var changed = changes.Reader.WaitToReadAsync(waiting.Token).AsTask();
                await Task.WhenAny(changed, Task.Delay(wait, time, waiting.Token)).ConfigureAwait(false);
                await waiting.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            source.Changed -= OnChanged;
        }
    }

    private async Task<int> InjectAsync(string kind, string name, byte[] bundle, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var webhooks = await ReadAsync(kind, name, cancellationToken).ConfigureAwait(false);
            if (webhooks is null)
            {
                TlsLog.ConfigurationMissing(logger, kind, name);
                return 0;
            }

            var patch = new JsonArray();
            var count = 0;
            for (var i = 0; i < webhooks.Count; i++)
            {
                if (webhooks[i].CaBundle.AsSpan().SequenceEqual(bundle))
                {
                    continue;
                }

                patch.Add((JsonNode)new JsonObject { ["op"] = "test", ["path"] = $"/webhooks/{i}/name", ["value"] = webhooks[i].Name });
                patch.Add((JsonNode)new JsonObject { ["op"] = "add", ["path"] = $"/webhooks/{i}/clientConfig/caBundle", ["value"] = Convert.ToBase64String(bundle) });
                count++;
            }

            if (count == 0)
            {
                return 0;
            }

            try
            {
                await PatchAsync(kind, name, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), cancellationToken).ConfigureAwait(false);
                TlsLog.Injected(logger, count, kind, name);
                return count;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                TlsLog.ConfigurationMissing(logger, kind, name);
                return 0;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                // A test failed: the webhooks moved since the read.
                TlsLog.InjectConflict(logger, kind, name);
            }
        }
    }

    /// <summary>Each webhook's name and current caBundle, in order; null when the configuration does not exist.</summary>
    private async Task<IReadOnlyList<(string Name, byte[]? CaBundle)>?> ReadAsync(string kind, string name, CancellationToken cancellationToken)
    {
        try
        {
            if (kind == MutatingKind)
            {
                var configuration = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                return configuration.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)).ToList() ?? [];
            }

            var validatingConfiguration = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return validatingConfiguration.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)).ToList() ?? [];
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task PatchAsync(string kind, string name, V1Patch patch, CancellationToken cancellationToken) => kind == MutatingKind
        ? client.AdmissionregistrationV1.PatchMutatingWebhookConfigurationAsync(patch, name, fieldManager: "elasticcompute-operator", cancellationToken: cancellationToken)
        : client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(patch, name, fieldManager: "elasticcompute-operator", cancellationToken: cancellationToken);
}
