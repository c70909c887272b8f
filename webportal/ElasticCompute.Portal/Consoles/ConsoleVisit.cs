using System.Net.WebSockets;
using System.Text;

namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// One connection's reads for the text console: until quiet (<see cref="ConsoleReader.Quiet"/>) or a cap, at most one
/// receive pending and never cancelled (a cancelled receive aborts the socket, and then it cannot be closed politely).
/// </summary>
internal sealed class ConsoleVisit(WebSocket socket, Task takenOver, TimeProvider time) : IDisposable
{
    private readonly MemoryStream output = new();
    private readonly byte[] buffer = new byte[16 * 1024];
    private Task<WebSocketReceiveResult>? pending;

    /// <summary>The console closed or another viewer took it over.</summary>
    public bool Over { get; private set; }

    /// <summary>What was read since the last call.</summary>
    public string TakeText()
    {
        var text = Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
        output.SetLength(0);
        return text;
    }

    public async Task ReadAsync(TimeSpan cap)
    {
        var deadline = time.GetUtcNow() + cap;
        while (!Over)
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            pending ??= socket.ReceiveAsync(buffer, CancellationToken.None);
            var quiet = Task.Delay(left < ConsoleReader.Quiet ? left : ConsoleReader.Quiet, time);
            var first = await Task.WhenAny(pending, quiet, takenOver).ConfigureAwait(false);
            if (first == quiet)
            {
                return;
            }

            if (first == takenOver)
            {
                Over = true;
                return;
            }

            try
            {
                var received = await pending.ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    Over = true;
                    return;
                }

                output.Write(buffer, 0, received.Count);
            }
            catch (Exception e) when (e is WebSocketException or IOException)
            {
                Over = true;
            }
            finally
            {
                pending = null;
            }
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None).ConfigureAwait(false);
            }

            // The cluster answers the close frame; a pending receive sees it.
            pending ??= socket.State == WebSocketState.CloseSent ? socket.ReceiveAsync(buffer, CancellationToken.None) : null;
            if (pending is not null)
            {
                await pending.WaitAsync(ConsoleReader.Cap, time).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or TimeoutException)
        {
            socket.Abort();
        }
    }

    public void Dispose() => output.Dispose();
}
