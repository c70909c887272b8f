using System.Net;
using System.Net.Sockets;

namespace ElasticCompute.DevCluster.Server.Simulation.Services;

/// <summary>
/// One listening socket on the host (a node port, or a load balancer's address and port) that hands each accepted
/// TCP connection to wherever <paramref name="target"/> says the guest answers, byte for byte both ways; with no
/// target the connection is closed at once, as a Service without ready endpoints refuses. Disposing closes the
/// listener and every connection it forwards.
/// </summary>
internal sealed class PortForwarder : IDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly Socket listener;
    private readonly Func<CancellationToken, ValueTask<EndPoint?>> target;
    private readonly CancellationTokenSource stop = new();

    private PortForwarder(Socket listener, Func<CancellationToken, ValueTask<EndPoint?>> target)
    {
        this.listener = listener;
        this.target = target;
        _ = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndPoint!;

    /// <summary>Listens on <paramref name="at"/>; null when the address cannot be bound (taken, privileged, not local).</summary>
    public static PortForwarder? TryStart(IPEndPoint at, Func<CancellationToken, ValueTask<EndPoint?>> target)
    {
        var socket = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(at);
            socket.Listen(64);
            return new PortForwarder(socket, target);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    public void Dispose()
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        stop.Cancel();
        listener.Dispose();
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var token = stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client, token), CancellationToken.None);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken token)
    {
        using (client)
        {
            Socket? upstream = null;
            try
            {
                if (await target(token).ConfigureAwait(false) is not { } guest)
                {
                    return; // nothing answers: closed at once
                }

                upstream = guest is UnixDomainSocketEndPoint
                    ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                    : new Socket(SocketType.Stream, ProtocolType.Tcp);
                await upstream.ConnectAsync(guest, token).ConfigureAwait(false);
                await Task.WhenAll(PumpAsync(client, upstream, token), PumpAsync(upstream, client, token)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // the guest refused or went away, the client left, or the forwarder closed
            }
            finally
            {
                upstream?.Dispose();
            }
        }
    }

    /// <summary>Copies until the sender closes its side, then closes the same side towards the receiver.</summary>
    private static async Task PumpAsync(Socket from, Socket to, CancellationToken token)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, token).ConfigureAwait(false);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // one side reset: end the other too
            from.Close();
            to.Close();
        }
    }
}
