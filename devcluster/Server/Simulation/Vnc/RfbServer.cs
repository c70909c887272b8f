using System.Buffers.Binary;
using System.Text;
using System.Threading.Channels;

namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>
/// The server side of one RFB 3.8 connection (RFC 6143) onto a <see cref="SimulatedScreen"/>: security type None, Raw
/// encoding only, the client's true-colour pixel format honoured; key events go to the screen, pointer events and cut
/// text are read and ignored. Written by hand because no .NET RFB server library is served to this project (nuget.tsv
/// lists none). An update request waits until its region changed, unless it is not incremental.
/// </summary>
internal sealed class RfbServer(SimulatedScreen screen, string desktopName)
{
    public const string Version = "RFB 003.008\n";

    private const byte None = 1;
    private const int MaxCutText = 1024 * 1024;

    private readonly Lock gate = new();
    // A pending wake-up of the update loop: one is enough whatever happened meanwhile.
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private PixelFormat format = PixelFormat.Default;
    private Region dirty;
    private Region? wanted;

    /// <summary>Serves <paramref name="client"/> until it closes, breaks the protocol, or <paramref name="cancellationToken"/> ends the guest.</summary>
    public async Task RunAsync(Stream client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            if (!await HandshakeAsync(client, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            using var watch = screen.Watch(Changed);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var updates = UpdateAsync(client, stop.Token);
            try
            {
                await ReadMessagesAsync(client, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await updates.ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or EndOfStreamException or IOException or InvalidOperationException)
        {
            // The viewer went away, the guest ended, or the pipe was completed under a pending call.
        }
    }

    private async Task<bool> HandshakeAsync(Stream client, CancellationToken cancellationToken)
    {
        await client.WriteAsync(Encoding.ASCII.GetBytes(Version), cancellationToken).ConfigureAwait(false);
        var version = Encoding.ASCII.GetString(await ReadAsync(client, 12, cancellationToken).ConfigureAwait(false));
        if (version != Version)
        {
            // 3.8's failure before security: no types, then why.
            await client.WriteAsync(Failure(0, $"unsupported protocol version {version.TrimEnd()}; this server speaks 3.8", count: false), cancellationToken).ConfigureAwait(false);
            return false;
        }

        await client.WriteAsync(new byte[] { 1, None }, cancellationToken).ConfigureAwait(false);
        var chosen = (await ReadAsync(client, 1, cancellationToken).ConfigureAwait(false))[0];
        if (chosen != None)
        {
            await client.WriteAsync(Failure(1, $"security type {chosen} is not offered; only None (1) is", count: true), cancellationToken).ConfigureAwait(false);
            return false;
        }

        await client.WriteAsync(new byte[4], cancellationToken).ConfigureAwait(false); // SecurityResult: OK
        await ReadAsync(client, 1, cancellationToken).ConfigureAwait(false); // ClientInit's shared flag: one viewer is the subresource's rule
        var name = Encoding.UTF8.GetBytes(desktopName);
        var init = new byte[4 + PixelFormat.Size + 4 + name.Length];
        BinaryPrimitives.WriteUInt16BigEndian(init, SimulatedScreen.Width);
        BinaryPrimitives.WriteUInt16BigEndian(init.AsSpan(2), SimulatedScreen.Height);
        PixelFormat.Default.Write(init.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(init.AsSpan(4 + PixelFormat.Size), (uint)name.Length);
        name.CopyTo(init, 8 + PixelFormat.Size);
        await client.WriteAsync(init, cancellationToken).ConfigureAwait(false);
        await client.FlushAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ReadMessagesAsync(Stream client, CancellationToken cancellationToken)
    {
        while (true)
        {
            var type = await ReadAsync(client, 1, cancellationToken).ConfigureAwait(false);
            switch (type[0])
            {
                case 0: // SetPixelFormat
                    var asked = PixelFormat.Read((await ReadAsync(client, 3 + PixelFormat.Size, cancellationToken).ConfigureAwait(false)).AsSpan(3));
                    if (!asked.Supported)
                    {
                        return;
                    }

                    lock (gate)
                    {
                        format = asked;
                    }

                    break;
                case 2: // SetEncodings: Raw is always allowed, so the list changes nothing
                    var head = await ReadAsync(client, 3, cancellationToken).ConfigureAwait(false);
                    await ReadAsync(client, 4 * BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(1)), cancellationToken).ConfigureAwait(false);
                    break;
                case 3: // FramebufferUpdateRequest
                    var request = await ReadAsync(client, 9, cancellationToken).ConfigureAwait(false);
                    Request(request[0] != 0, new Region(
                        BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(1)), BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(3)),
                        BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(5)), BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(7))));
                    break;
                case 4: // KeyEvent
                    var key = await ReadAsync(client, 7, cancellationToken).ConfigureAwait(false);
                    screen.Key(key[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(3)));
                    break;
                case 5: // PointerEvent: the simulated guest has no pointer
                    await ReadAsync(client, 5, cancellationToken).ConfigureAwait(false);
                    break;
                case 6: // ClientCutText (a negative length is the extended form: its size all the same)
                    var cut = await ReadAsync(client, 7, cancellationToken).ConfigureAwait(false);
                    var length = Math.Abs((long)BinaryPrimitives.ReadInt32BigEndian(cut.AsSpan(3)));
                    if (length > MaxCutText)
                    {
                        return;
                    }

                    await ReadAsync(client, (int)length, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    // A message this server never offered: its length is unknown, so the stream cannot go on.
                    return;
            }
        }
    }

    private void Request(bool incremental, Region region)
    {
        lock (gate)
        {
            var asked = region.Intersect(new Region(0, 0, SimulatedScreen.Width, SimulatedScreen.Height));
            wanted = asked;
            if (!incremental)
            {
                dirty = dirty.Union(asked);
            }
        }

        wake.Writer.TryWrite(true);
    }

    private void Changed(Region region)
    {
        lock (gate)
        {
            dirty = dirty.Union(region);
        }

        wake.Writer.TryWrite(true);
    }

    /// <summary>The one writer after the handshake: answers a pending request once part of its region changed.</summary>
    private async Task UpdateAsync(Stream client, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (Take() is not { } update)
                {
                    continue;
                }

                var size = update.Format.BytesPerPixel;
                var message = new byte[16 + (update.Region.Width * update.Region.Height * size)];
                message[0] = 0; // FramebufferUpdate
                BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), 1);
                BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), (ushort)update.Region.X);
                BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), (ushort)update.Region.Y);
                BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(8), (ushort)update.Region.Width);
                BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), (ushort)update.Region.Height);
                // Encoding 0 (Raw) at 12..15.
                screen.CopyTo(update.Region, update.Format, message.AsSpan(16));
                await client.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                await client.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The connection ends.
        }
    }

    private (Region Region, PixelFormat Format)? Take()
    {
        lock (gate)
        {
            var send = wanted is { } region ? dirty.Intersect(region) : default;
            if (send.IsEmpty)
            {
                return null;
            }

            // What changed outside the region waits for a request that covers it.
            wanted = null;
            dirty = send == dirty ? default : dirty;
            return (send, format);
        }
    }

    private static byte[] Failure(int head, string reason, bool count)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var at = count ? 4 : 1;
        var message = new byte[at + 4 + text.Length];
        if (count)
        {
            BinaryPrimitives.WriteUInt32BigEndian(message, (uint)head);
        }

        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(at), (uint)text.Length);
        text.CopyTo(message, at + 4);
        return message;
    }

    private static async Task<byte[]> ReadAsync(Stream client, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await client.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }
}
