using System.Net.Sockets;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>A real guest's VGA screen: each connection is a new RFB session on QEMU's <c>-vnc unix:</c> socket.</summary>
internal sealed class QemuDisplay(QemuGuest guest) : IGuestDisplay
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = await UnixSockets.ConnectAsync(guest.Paths.Vnc, ConnectTimeout, cancellationToken).ConfigureAwait(false);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
