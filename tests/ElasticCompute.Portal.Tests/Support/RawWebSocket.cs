using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ElasticCompute.Portal.Tests.Support;

/// <summary>
/// A WebSocket client that shows every frame the server sends, control frames too (ClientWebSocket answers pings
/// without telling), so a test can see the portal's keep-alive pings.
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;

    private RawWebSocket(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
    }

    public const int Ping = 0x9;

    /// <summary>Opens <paramref name="path"/> with the cookie and the portal's own Origin; fails unless the answer is 101.</summary>
    public static async Task<RawWebSocket> ConnectAsync(Uri portal, string path, string cookie)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(portal.Host, portal.Port);
        var socket = new RawWebSocket(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {path} HTTP/1.1\r\nHost: {portal.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {portal.GetLeftPart(UriPartial.Authority)}\r\n" +
            $"Cookie: {ConsoleDriver.SessionCookie}={cookie}\r\n\r\n";
        await socket.stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            head.Append((char)await socket.ReadByteAsync(CancellationToken.None));
        }

        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
        return socket;
    }

    /// <summary>The next frame's opcode and payload (server frames are not masked).</summary>
    public async Task<(int Opcode, byte[] Payload)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var first = await ReadByteAsync(cancellationToken);
        var second = await ReadByteAsync(cancellationToken);
        long length = second & 0x7f;
        if (length >= 126)
        {
            var extended = await ReadExactlyAsync(length == 126 ? 2 : 8, cancellationToken);
            length = extended.Aggregate(0L, (n, b) => (n << 8) | b);
        }

        return (first & 0x0f, await ReadExactlyAsync((int)length, cancellationToken));
    }

    public void Dispose()
    {
        stream.Dispose();
        tcp.Dispose();
    }

    private async Task<byte> ReadByteAsync(CancellationToken cancellationToken) => (await ReadExactlyAsync(1, cancellationToken))[0];

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }
}
