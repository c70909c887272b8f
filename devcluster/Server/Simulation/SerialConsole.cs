using System.Net.WebSockets;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;
using ElasticCompute.DevCluster.Server.Simulation.Serial;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// virt-api's GET virtualmachineinstances/{name}/console: a WebSocket (subprotocol plain.kubevirt.io, binary frames)
/// onto the serial console of the VMI's guest (<see cref="IVmRuntime.Console"/>), answered as virt-api does: 404 for no
/// VMI, 409 when it Failed, 400 when it is not running. One connection per VMI: a new one closes the previous. Text
/// frames are dropped, as virt-handler does.
/// </summary>
/// <remarks>
/// Unlike KubeVirt, a new connection first gets the session's scroll-back (<see cref="ScrollBack"/>), so a page that
/// connects for a moment (the portal's no-script console) has something to show.
/// </remarks>
internal sealed class SerialConsole(ResourceRegistry registry, IVmRuntime runtime)
{
    public const string SubProtocol = "plain.kubevirt.io";

    /// <summary>How long a viewer closed by the server has to answer the close frame.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    public async Task HandleAsync(HttpContext context, ResourceType type, RequestInfo request)
    {
        if (request.Name is null || request.Namespace.Length == 0)
        {
            throw ApiException.PathNotFound();
        }

        var vmi = registry.GetObject(SimTypes.Vmis(registry), request.Namespace, request.Name);
        if (SimJson.Str(vmi["status"]?["phase"]) == "Failed")
        {
            throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"{request.Name}\": VMI is in failed status")
            {
                Name = request.Name,
                Group = SimTypes.KubeVirtGroup,
                DetailKind = "virtualmachineinstance",
            };
        }

        if (runtime.Console(vmi) is not { } guest)
        {
            throw ApiException.BadRequest("VMI is not running");
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header");
        }

        var protocol = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol) ? SubProtocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        var cancellationToken = context.RequestAborted;
        var viewer = new WebSocketViewer(socket);
        using var connection = guest.Connect(viewer);
        try
        {
            var sending = viewer.RunAsync(cancellationToken);
            var receiving = ReceiveAsync(socket, connection, viewer, cancellationToken);
            if (await Task.WhenAny(sending, receiving).ConfigureAwait(false) == receiving)
            {
                viewer.Abandon();
                await sending.ConfigureAwait(false);
            }
            else if (await sending.ConfigureAwait(false))
            {
                // Closed by the server (taken over, the VMI stopped): the client answers the close frame.
                await receiving.WaitAsync(CloseWait, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The client went away, did not answer the close, or the server stops.
        }
    }

    private static async Task ReceiveAsync(WebSocket socket, IConsoleConnection connection, WebSocketViewer viewer, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    // Answered by the send loop, the socket's one sender.
                    viewer.Close(WebSocketCloseStatus.NormalClosure, string.Empty);
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    connection.Type(buffer.AsSpan(0, received.Count));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server stops.
        }
    }
}
