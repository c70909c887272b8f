using System.Net;
using ElasticCompute.Api.Policy;
using k8s;
using k8s.Autorest;

namespace ElasticCompute.Portal.Cluster;

/// <summary>Reads the "default" ElasticComputePolicy, parsed once per resourceVersion and read again at most every few seconds.</summary>
internal sealed class PolicyReader(ClusterClients clients, Hosting.PortalOptions options)
{
    private readonly TimeProvider time = options.Time;
    private readonly TimeSpan fresh = options.PolicyRefresh;
    private volatile Entry? cached;

    /// <summary>Forgets the cached policy, so a change this replica just wrote shows on the next page.</summary>
    public void Invalidate() => cached = null;

    public async Task<PolicySnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cached is { } entry && now - entry.ReadAt < fresh)
        {
            return entry.Snapshot;
        }

        ElasticComputePolicy? stored;
        try
        {
            stored = await clients.Portal.CustomObjects.GetClusterCustomObjectAsync<ElasticComputePolicy>(
                ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName, ElasticComputePolicy.DefaultName,
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            stored = null;
        }

        var version = stored?.Metadata.ResourceVersion;
        PolicySnapshot snapshot;
        if (cached is { } previous && previous.Version == version && version is not null)
        {
            snapshot = previous.Snapshot with { Status = stored?.Status };
        }
        else
        {
            try
            {
                snapshot = new PolicySnapshot(EffectivePolicy.From(stored?.Spec), stored?.Status, null);
            }
            catch (InvalidPolicyException e)
            {
                snapshot = new PolicySnapshot(EffectivePolicy.Default, stored?.Status, e.Message);
            }
        }

        cached = new Entry(version, snapshot, now);
        return snapshot;
    }

    private sealed record Entry(string? Version, PolicySnapshot Snapshot, DateTimeOffset ReadAt);
}
