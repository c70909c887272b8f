using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// A console viewer on a WebSocket: what the session prints is queued and sent by one loop (a WebSocket takes one
/// send at a time), every chunk as a binary frame as virt-handler sends them; a close goes out after what was queued.
/// </summary>
internal sealed class WebSocketViewer(WebSocket socket) : IConsoleViewer
{
    private readonly Channel<byte[]> queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private (WebSocketCloseStatus Status, string Reason)? closing;

    public void Send(string output) => queue.Writer.TryWrite(Encoding.UTF8.GetBytes(output));

    public void Close(WebSocketCloseStatus status, string reason)
    {
        lock (gate)
        {
            closing ??= (status, reason);
        }

        queue.Writer.TryComplete();
    }

    /// <summary>The client went away: nothing more is sent.</summary>
    public void Abandon() => queue.Writer.TryComplete();

    /// <summary>Sends until closed or abandoned; true when it sent a close frame.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            }

            (WebSocketCloseStatus Status, string Reason)? close;
            lock (gate)
            {
                close = closing;
            }

            if (close is { } c && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(c.Status, c.Reason, cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or devcluster stops.
        }

        return false;
    }
}
