using System.Net.WebSockets;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using k8s.Autorest;

namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// Opens a VMI's console (or vnc) subresource as the signed-in user: through the user's Kubernetes client (its credentials and
/// TLS), with the impersonation headers set by hand when impersonating, since ClientWebSocket does not pass through
/// the client's HTTP handlers.
/// </summary>
internal sealed class ConsoleDialer(ClusterClients clients, PortalOptions options, IHttpContextAccessor accessor)
{
    /// <exception cref="ConsoleRefusedException">The cluster refused the console or could not be reached.</exception>
    public async Task<WebSocket> OpenAsync(string @namespace, string vmi, ConsoleKind kind, CancellationToken cancellationToken)
    {
        var path = MachineConsole.ApiPath(@namespace, vmi, kind);
        var headers = options.Impersonate && accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
            ? ImpersonationHandler.HeadersFor(user, clients.User.UriOf(path))
            : new Dictionary<string, string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ClusterTimeout);
        try
        {
            return await clients.User.ConnectAsync(path, MachineConsole.SubProtocol, headers, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new ConsoleRefusedException(ConsoleEnd.Of(e), e);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConsoleRefusedException(ConsoleEnd.Unavailable, e);
        }
    }
}
