using System.Net.WebSockets;

namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// Copies a console's bytes both ways between the browser's socket and the cluster's, until one side closes or another
/// viewer takes the console over; then closes both, the browser's with a <see cref="ConsoleEnd"/> the page shows.
/// Everything sent to the cluster is a binary frame: virt-handler drops text frames, and a browser may send text.
/// </summary>
/// <remarks>
/// Receives are never cancelled (a cancelled WebSocket receive aborts the socket, and then no close frame can say why):
/// the end is a close frame sent on each socket, under that socket's send lock, which the pending receives then see.
/// </remarks>
internal sealed class ConsoleBridge(WebSocket browser, WebSocket upstream) : IDisposable
{
    /// <summary>How long each side has to answer a close frame before its socket is aborted.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim browserSend = new(1, 1);
    private readonly SemaphoreSlim upstreamSend = new(1, 1);
    private readonly TaskCompletionSource<ConsoleEnd> end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs until the console ends; returns why.</summary>
    public async Task<ConsoleEnd> RunAsync(Task takenOver)
    {
        ArgumentNullException.ThrowIfNull(takenOver);
        _ = takenOver.ContinueWith(_ => end.TrySetResult(ConsoleEnd.TakenOver), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var up = CopyAsync(browser, upstream, upstreamSend, fromBrowser: true);
        var down = CopyAsync(upstream, browser, browserSend, fromBrowser: false);
        var why = await end.Task.ConfigureAwait(false);
        await CloseAsync(browser, browserSend, (WebSocketCloseStatus)why.Code, why.Reason).ConfigureAwait(false);
        await CloseAsync(upstream, upstreamSend, WebSocketCloseStatus.NormalClosure, string.Empty).ConfigureAwait(false);
        var both = Task.WhenAll(up, down);
        if (await Task.WhenAny(both, Task.Delay(CloseWait)).ConfigureAwait(false) != both)
        {
            browser.Abort();
            upstream.Abort();
        }

        return why;
    }

    public void Dispose()
    {
        browserSend.Dispose();
        upstreamSend.Dispose();
    }

    private async Task CopyAsync(WebSocket from, WebSocket to, SemaphoreSlim toSend, bool fromBrowser)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    end.TrySetResult(fromBrowser ? ConsoleEnd.Left : ConsoleEnd.OfUpstreamClose(from.CloseStatusDescription));
                    return;
                }

                await toSend.WaitAsync().ConfigureAwait(false);
                try
                {
                    if (to.State == WebSocketState.Open)
                    {
                        await to.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Binary, received.EndOfMessage, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                finally
                {
                    toSend.Release();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // A connection dropped without a close frame: the browser's network, or the cluster's stream.
            end.TrySetResult(fromBrowser ? ConsoleEnd.Left : ConsoleEnd.Ended);
        }
    }

    private static async Task CloseAsync(WebSocket socket, SemaphoreSlim send, WebSocketCloseStatus status, string reason)
    {
        if (!await send.WaitAsync(CloseWait).ConfigureAwait(false))
        {
            // A send stuck on a peer that stopped reading.
            socket.Abort();
            return;
        }

        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Already gone.
        }
        finally
        {
            send.Release();
        }
    }
}
