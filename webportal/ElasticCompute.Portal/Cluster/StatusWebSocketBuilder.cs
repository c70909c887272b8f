using System.Net.WebSockets;
using k8s;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// KubernetesClient's WebSocket builder, telling a refused upgrade apart: .NET's ClientWebSocket reports a non-101
/// answer as a plain connect failure, so the client's own fallback (a GET of the same address, read as the API's
/// Status) never runs. With the answer's status collected, a refusal is raised as the HeaderError that fallback
/// expects, and the caller gets an HttpOperationException with the status code and the Status ("VMI is not running").
/// </summary>
internal sealed class StatusWebSocketBuilder : WebSocketBuilder
{
    public override async Task<WebSocket> BuildAndConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        Options.CollectHttpResponseDetails = true;
        try
        {
            return await base.BuildAndConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e) when (WebSocket.HttpStatusCode is not 0 and not System.Net.HttpStatusCode.SwitchingProtocols)
        {
            throw new WebSocketException(WebSocketError.HeaderError, $"the server answered {(int)WebSocket.HttpStatusCode} to the upgrade", e);
        }
    }
}
