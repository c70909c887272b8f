using System.Net.WebSockets;
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
    public async Task HandleAsync(HttpContext context, ResourceType type, RequestInfo request)
    {
        var vmi = GuestSubresource.Vmi(registry, request);
        if (runtime.Console(vmi) is not { } guest)
        {
            throw GuestSubresource.NotRunning();
        }

        using var socket = await GuestSubresource.AcceptAsync(context).ConfigureAwait(false);
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
                await receiving.WaitAsync(GuestSubresource.CloseWait, cancellationToken).ConfigureAwait(false);
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
