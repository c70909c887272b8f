using System.Net;
using k8s.Autorest;

namespace ElasticCompute.Portal.Cluster;

/// <summary>Tells a cluster that cannot answer (unreachable, slow, failing) from an answer about what the user sent.</summary>
internal static class ClusterProblem
{
    public const string Unavailable =
        "The cluster did not answer in time or could not be reached. Nothing was lost: your values are still in the form. Try again in a moment.";

    /// <summary>True for failures that are the cluster's, not the request's: no connection, a timeout, a 5xx, 429.</summary>
    public static bool IsUnavailable(Exception failure) => failure switch
    {
        HttpRequestException => true,
        TaskCanceledException or TimeoutException => true,
        HttpOperationException { Response: { } r } => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests,
        _ => failure.InnerException is { } inner && IsUnavailable(inner),
    };
}
