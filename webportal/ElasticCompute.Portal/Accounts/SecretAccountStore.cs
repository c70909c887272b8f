using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.Portal.Accounts;

/// <summary>
/// Accounts in one Secret of the portal's namespace (key accounts.json), so replicas share them and nothing lives on a
/// local disk. Writes carry the resourceVersion read, so two replicas never overwrite each other's change.
/// </summary>
internal sealed class SecretAccountStore(IKubernetes client, string @namespace, TimeProvider time) : IAccountStore
{
    public const string SecretName = "elasticcompute-portal-accounts";
    public const string DataKey = "accounts.json";

    /// <summary>Conflicts one change retries: more than the changes expected at once across replicas (a sign-in each).</summary>
    private const int MaxConflicts = 100;

    /// <summary>Another replica's change (a lockout, a reset password) is seen within this time.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private volatile Snapshot? cached;

    public async Task<IReadOnlyDictionary<string, PortalAccount>> ReadAsync(CancellationToken cancellationToken)
    {
        if (cached is { } snapshot && time.GetUtcNow() - snapshot.ReadAt < Fresh)
        {
            return snapshot.Accounts;
        }

        return (await LoadAsync(cancellationToken).ConfigureAwait(false)).Accounts;
    }

    public async Task<T> ChangeAsync<T>(
        Func<IReadOnlyDictionary<string, PortalAccount>, (IReadOnlyDictionary<string, PortalAccount> Accounts, T Result)> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var current = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var (accounts, result) = change(current.Accounts);
            if (ReferenceEquals(accounts, current.Accounts))
            {
                return result;
            }

            try
            {
                await WriteAsync(current, accounts, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < MaxConflicts)
            {
                // Another replica wrote first (or created the Secret): read again and apply the change to its result.
                // Each conflict means another change landed, so N changes at once need at most N - 1 retries.
            }
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        V1Secret? secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(SecretName, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            secret = null;
        }

        var accounts = new Dictionary<string, PortalAccount>(StringComparer.Ordinal);
        if (secret?.Data is { } data && data.TryGetValue(DataKey, out var bytes) && bytes.Length > 0)
        {
            foreach (var account in JsonSerializer.Deserialize<PortalAccount[]>(bytes, Json) ?? [])
            {
                accounts[account.Name] = account;
            }
        }

        var snapshot = new Snapshot(accounts, secret?.Metadata.ResourceVersion, time.GetUtcNow());
        cached = snapshot;
        return snapshot;
    }

    private async Task WriteAsync(Snapshot current, IReadOnlyDictionary<string, PortalAccount> accounts, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(accounts.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray(), Json);
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = SecretName,
                NamespaceProperty = @namespace,
                ResourceVersion = current.ResourceVersion,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "elasticcompute", ["app.kubernetes.io/component"] = "portal" },
            },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [DataKey] = bytes },
        };
        V1Secret written;
        if (current.ResourceVersion is null)
        {
            written = await client.CoreV1.CreateNamespacedSecretAsync(secret, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            written = await client.CoreV1.ReplaceNamespacedSecretAsync(secret, SecretName, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        cached = new Snapshot(accounts, written.Metadata.ResourceVersion, time.GetUtcNow());
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, PortalAccount> Accounts, string? ResourceVersion, DateTimeOffset ReadAt);
}
