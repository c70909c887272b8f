using System.Net.WebSockets;
using System.Text;

namespace ElasticCompute.DevCluster.Tests.Console;

/// <summary>A client of a VMI's console subresource, as virtctl or the portal opens it: subprotocol plain.kubevirt.io, bytes in binary frames.</summary>
internal sealed class ConsoleClient : IDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly StringBuilder seen = new();
    private int read;

    private ConsoleClient()
    {
    }

    public WebSocket Socket => socket;

    /// <summary>Everything received so far.</summary>
    public string Seen => seen.ToString();

    public static Uri Path(Uri server, string name, string ns = "default") =>
        new(server, $"/apis/subresources.kubevirt.io/v1/namespaces/{ns}/virtualmachineinstances/{name}/console");

    public static async Task<ConsoleClient> ConnectAsync(Uri server, string name)
    {
        var client = new ConsoleClient();
        client.socket.Options.AddSubProtocol("plain.kubevirt.io");
        await client.socket.ConnectAsync(new UriBuilder(Path(server, name)) { Scheme = "ws" }.Uri, CancellationToken.None);
        Assert.Equal("plain.kubevirt.io", client.socket.SubProtocol);
        return client;
    }

    public Task TypeAsync(string text, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), type, true, CancellationToken.None);

    /// <summary>Reads until <paramref name="marker"/> appears after what earlier calls consumed; returns the text up to and with it.</summary>
    public async Task<string> ReadUntilAsync(string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        int at;
        while ((at = seen.ToString().IndexOf(marker, read, StringComparison.Ordinal)) < 0)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.True(received.MessageType == WebSocketMessageType.Binary, $"a {received.MessageType} frame ({socket.CloseStatusDescription}) while waiting for \"{marker}\" after: {seen}");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        var text = seen.ToString()[read..(at + marker.Length)];
        read = at + marker.Length;
        return text;
    }

    /// <summary>Reads to the server's close frame and answers it; returns its status and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ReadCloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                return (socket.CloseStatus, socket.CloseStatusDescription);
            }

            seen.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }

    public void Dispose() => socket.Dispose();
}
