using System.Net;
using k8s.Autorest;

namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// Why a console connection ended, as the browser's socket is closed: an application close code (4000-4999), the
/// words the page shows, and whether the page tries again by itself.
/// </summary>
internal sealed record ConsoleEnd(int Code, string Reason, bool Retry)
{
    /// <summary>The stream ended from the cluster's side: the machine restarts or stops, or a proxy dropped it.</summary>
    public static readonly ConsoleEnd Ended = new(4000, "The console stream ended; the machine may be restarting.", true);

    public static readonly ConsoleEnd TakenOver = new(4001, "Another viewer took over this console.", false);

    public static readonly ConsoleEnd Forbidden = new(4003, "The cluster does not let you open this console.", false);

    /// <summary>KubeVirt's 400 (not running) and 404 (no VMI: stopped).</summary>
    public static readonly ConsoleEnd NotRunning = new(4004, "The machine is not running. Start it from its page.", true);

    /// <summary>KubeVirt's 409.</summary>
    public static readonly ConsoleEnd Failed = new(4009, "The machine has failed. Its page says why.", true);

    public static readonly ConsoleEnd Unavailable = new(4503, "The cluster could not be reached.", true);

    /// <summary>The person left (closed the page or the socket).</summary>
    public static readonly ConsoleEnd Left = new(1000, string.Empty, false);

    /// <summary>What a refused upgrade of the console subresource means for the person.</summary>
    public static ConsoleEnd Of(HttpOperationException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Response?.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound => NotRunning,
            HttpStatusCode.Conflict => Failed,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Forbidden,
            _ => Unavailable,
        };
    }

    /// <summary>
    /// The cluster closed an open stream: a new connection took the console over (devcluster and virt-handler allow one
    /// per VMI) when its reason says so, else the stream just ended.
    /// </summary>
    public static ConsoleEnd OfUpstreamClose(string? reason) =>
        reason is not null && reason.Contains("took over", StringComparison.OrdinalIgnoreCase) ? TakenOver : Ended;
}
