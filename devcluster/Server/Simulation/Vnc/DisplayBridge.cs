using System.Net.WebSockets;
using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>
/// Copies an RFB stream both ways between a viewer's WebSocket and a guest's display, every chunk a binary frame as
/// virt-handler sends them (text frames from the viewer are dropped), until the viewer leaves, the guest's stream ends
/// (closed as "not running"), or another viewer takes over (closed saying so, as the serial console is).
/// </summary>
internal static class DisplayBridge
{
    public static async Task RunAsync(WebSocket socket, Stream guest, Task takenOver, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(guest);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var down = DownAsync(guest, socket, stop.Token, aborted);
        var up = UpAsync(socket, guest, aborted);
        var first = await Task.WhenAny(down, up, takenOver).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await down.ConfigureAwait(false);
        try
        {
            if (first == up)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, aborted).ConfigureAwait(false);
                }

                return;
            }

            var (status, reason) = first == takenOver
                ? (WebSocketCloseStatus.PolicyViolation, ConsoleSession.TakenOverReason)
                : (WebSocketCloseStatus.EndpointUnavailable, ConsoleSession.StoppedReason);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, aborted).ConfigureAwait(false);
            }

            await up.WaitAsync(GuestSubresource.CloseWait, aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The viewer went away or did not answer the close.
        }
    }

    /// <summary>Guest to viewer, until the guest's stream ends or <paramref name="stop"/>; sends are cut only when the viewer is gone.</summary>
    private static async Task DownAsync(Stream guest, WebSocket socket, CancellationToken stop, CancellationToken aborted)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await guest.ReadAsync(buffer, stop).ConfigureAwait(false)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, true, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // Stopped, or either side went away.
        }
    }

    /// <summary>Viewer to guest, until the viewer's close frame or its connection drops.</summary>
    private static async Task UpAsync(WebSocket socket, Stream guest, CancellationToken aborted)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, aborted).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    await guest.WriteAsync(buffer.AsMemory(0, received.Count), aborted).ConfigureAwait(false);
                    await guest.FlushAsync(aborted).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The viewer went away, or the guest's stream closed under a write.
        }
    }
}
