using Microsoft.Extensions.Logging;

namespace ElasticCompute.Runtime;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "event {Reason} about {Kind} {Name} not written")]
    public static partial void EventNotWritten(ILogger logger, Exception exception, string reason, string? kind, string? name);

    [LoggerMessage(2, LogLevel.Warning, "{Resource}: list/watch failed: {Reason}; retrying after a back-off")]
    public static partial void WatchFailed(ILogger logger, string resource, string reason);

    [LoggerMessage(11, LogLevel.Debug, "{Resource}: the list/watch failure in full")]
    public static partial void WatchFailedDetail(ILogger logger, Exception exception, string resource);

    [LoggerMessage(3, LogLevel.Information, "{Resource}: resourceVersion too old (410); relisting")]
    public static partial void Relisting(ILogger logger, string resource);

    [LoggerMessage(4, LogLevel.Error, "{Controller}: reconcile of {Request} failed; requeued with back-off")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, string request);

    [LoggerMessage(12, LogLevel.Error, "{Controller}: reconcile of {Request} failed: {Reason}; requeued with back-off")]
    public static partial void ReconcileRefused(ILogger logger, string controller, string request, string reason);

    [LoggerMessage(13, LogLevel.Debug, "{Controller}: the failure of {Request} in full")]
    public static partial void ReconcileFailedDetail(ILogger logger, Exception exception, string controller, string request);

    [LoggerMessage(5, LogLevel.Warning, "{Controller}: reconcile of {Request} failed for good: {Reason}")]
    public static partial void ReconcileTerminal(ILogger logger, Exception exception, string controller, string request, string reason);

    [LoggerMessage(6, LogLevel.Information, "{Identity}: started leading")]
    public static partial void StartedLeading(ILogger logger, string identity);

    [LoggerMessage(7, LogLevel.Warning, "{Identity}: stopped leading; workers stopped")]
    public static partial void StoppedLeading(ILogger logger, string identity);

    [LoggerMessage(8, LogLevel.Warning, "{Identity}: leader election failed; retrying")]
    public static partial void ElectionFailed(ILogger logger, Exception exception, string identity);

    [LoggerMessage(10, LogLevel.Warning, "{Identity}: cannot take or renew the Lease {Lease}: {Reason}; retrying (workers wait until this replica leads)")]
    public static partial void LeaseRefused(ILogger logger, string identity, string lease, string reason);

    [LoggerMessage(9, LogLevel.Information, "serving /healthz, /readyz and /metrics on port {Port}")]
    public static partial void Serving(ILogger logger, int port);

    [LoggerMessage(10, LogLevel.Debug, "idle: gave {SlackMiB} MiB of GC slack back; {CommittedMiB} MiB committed now")]
    public static partial void MemoryTrimmed(ILogger logger, long slackMiB, long committedMiB);
}
