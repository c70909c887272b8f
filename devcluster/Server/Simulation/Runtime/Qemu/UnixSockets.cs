using System.Net.Sockets;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>Connecting to the unix sockets QEMU listens on (QMP, serial ports, VNC), which appear once it has started.</summary>
internal static class UnixSockets
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);

    public static async Task<Socket> ConnectAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
