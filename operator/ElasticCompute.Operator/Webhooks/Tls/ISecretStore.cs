using k8s.Models;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>The one Secret the replicas share; writes are conditional, so a replica that lost a race learns it.</summary>
internal interface ISecretStore
{
    /// <summary>The Secret, or null when there is none.</summary>
    Task<V1Secret?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Creates the Secret; null when another replica created it first (409 AlreadyExists).</summary>
    Task<V1Secret?> TryCreateAsync(V1Secret secret, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the Secret if it is still at <paramref name="secret"/>'s resourceVersion; null when it is not
    /// (409 Conflict: another replica wrote first) or is gone (404).
    /// </summary>
    Task<V1Secret?> TryReplaceAsync(V1Secret secret, CancellationToken cancellationToken);
}
