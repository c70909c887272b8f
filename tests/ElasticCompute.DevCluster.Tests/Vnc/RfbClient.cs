using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace ElasticCompute.DevCluster.Tests.Vnc;

/// <summary>
/// A VNC viewer of a VMI's vnc subresource, as noVNC is: RFB 3.8 in binary WebSocket frames (subprotocol
/// plain.kubevirt.io), the stream read across frame boundaries, and asking for noVNC's pixel format (red in the low byte).
/// </summary>
internal sealed class RfbClient : IDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly MemoryStream pending = new();
    private int offset;

    public WebSocket Socket => socket;

    public int Width { get; private set; }

    public int Height { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The framebuffer as the client drew it: 0xRRGGBB.</summary>
    public uint[] Pixels { get; private set; } = [];

    public static Uri Path(Uri server, string name, string ns = "default") =>
        new(server, $"/apis/subresources.kubevirt.io/v1/namespaces/{ns}/virtualmachineinstances/{name}/vnc");

    /// <summary>Connects and goes through the handshake up to ServerInit, asserting each server step.</summary>
    public static async Task<RfbClient> ConnectAsync(Uri server, string name)
    {
        var client = new RfbClient();
        client.socket.Options.AddSubProtocol("plain.kubevirt.io");
        await client.socket.ConnectAsync(new UriBuilder(Path(server, name)) { Scheme = "ws" }.Uri, CancellationToken.None);
        Assert.Equal("plain.kubevirt.io", client.socket.SubProtocol);
        Assert.Equal("RFB 003.008\n", Encoding.ASCII.GetString(await client.ReadAsync(12)));
        await client.SendAsync(Encoding.ASCII.GetBytes("RFB 003.008\n"));
        Assert.Equal(new byte[] { 1, 1 }, await client.ReadAsync(2)); // one security type: None
        await client.SendAsync([1]);
        Assert.Equal(new byte[4], await client.ReadAsync(4)); // SecurityResult OK
        await client.SendAsync([1]); // shared
        var init = await client.ReadAsync(24);
        client.Width = BinaryPrimitives.ReadUInt16BigEndian(init);
        client.Height = BinaryPrimitives.ReadUInt16BigEndian(init.AsSpan(2));
        client.Name = Encoding.UTF8.GetString(await client.ReadAsync((int)BinaryPrimitives.ReadUInt32BigEndian(init.AsSpan(20))));
        client.Pixels = new uint[client.Width * client.Height];

        // SetPixelFormat as noVNC sends it (32 bpp, depth 24, little-endian, red shift 0, blue 16), then Raw only.
        await client.SendAsync([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0]);
        await client.SendAsync([2, 0, 0, 1, 0, 0, 0, 0]);
        return client;
    }

    /// <summary>Asks for the whole screen and draws the update that answers.</summary>
    public async Task<int> UpdateAsync(bool incremental)
    {
        var request = new byte[10];
        request[0] = 3;
        request[1] = incremental ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(6), (ushort)Width);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(8), (ushort)Height);
        await SendAsync(request);
        var head = await ReadAsync(4);
        Assert.Equal(0, head[0]); // FramebufferUpdate
        var rects = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(2));
        var drawn = 0;
        for (var i = 0; i < rects; i++)
        {
            var rect = await ReadAsync(12);
            int x = BinaryPrimitives.ReadUInt16BigEndian(rect), y = BinaryPrimitives.ReadUInt16BigEndian(rect.AsSpan(2));
            int w = BinaryPrimitives.ReadUInt16BigEndian(rect.AsSpan(4)), h = BinaryPrimitives.ReadUInt16BigEndian(rect.AsSpan(6));
            Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(rect.AsSpan(8))); // Raw
            var data = await ReadAsync(w * h * 4);
            for (var row = 0; row < h; row++)
            {
                for (var col = 0; col < w; col++)
                {
                    var p = data.AsSpan(((row * w) + col) * 4);
                    Pixels[((y + row) * Width) + x + col] = ((uint)p[0] << 16) | ((uint)p[1] << 8) | p[2];
                }
            }

            drawn += w * h;
        }

        return drawn;
    }

    public int Count(uint rgb) => Pixels.Count(p => p == rgb);

    public Task KeyAsync(bool down, uint keysym)
    {
        var message = new byte[8];
        message[0] = 4;
        message[1] = down ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), keysym);
        return SendAsync(message);
    }

    /// <summary>Presses and releases each key of <paramref name="text"/> (ASCII keysyms are their codes).</summary>
    public async Task TypeAsync(string text)
    {
        foreach (var c in text)
        {
            await KeyAsync(true, c);
            await KeyAsync(false, c);
        }
    }

    /// <summary>Reads to the server's close frame and answers it.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ReadCloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        while ((await socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
        }

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        return (socket.CloseStatus, socket.CloseStatusDescription);
    }

    public void Dispose()
    {
        socket.Dispose();
        pending.Dispose();
    }

    private Task SendAsync(byte[] bytes) => socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Exactly <paramref name="count"/> bytes of the stream, however the frames cut it.</summary>
    private async Task<byte[]> ReadAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        while (pending.Length - offset < count)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.True(received.MessageType == WebSocketMessageType.Binary, $"a {received.MessageType} frame ({socket.CloseStatusDescription}) while reading {count} bytes");
            pending.Write(buffer, 0, received.Count);
        }

        var bytes = pending.GetBuffer().AsSpan(offset, count).ToArray();
        offset += count;
        return bytes;
    }
}
