using ElasticCompute.DevCluster.Server.Simulation.Runtime;

namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>
/// The display of one boot of a simulated guest: one <see cref="SimulatedScreen"/> kept across connections, each
/// connection an <see cref="RfbServer"/> on an in-memory stream, all ended when the guest is.
/// </summary>
internal sealed class SimulatedDisplay(string desktopName, string hostname) : IGuestDisplay, IDisposable
{
    private readonly CancellationTokenSource ended = new();

    public SimulatedScreen Screen { get; } = new(desktopName, hostname);

    public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var (viewer, guest) = DuplexPipeStream.Pair();
        CancellationToken token;
        try
        {
            token = ended.Token;
        }
        catch (ObjectDisposedException)
        {
            // The guest ended meanwhile: a stream that ends at once.
            guest.Dispose();
            return ValueTask.FromResult<Stream>(viewer);
        }

        _ = Task.Run(async () =>
        {
            await using (guest.ConfigureAwait(false))
            {
                await new RfbServer(Screen, desktopName).RunAsync(guest, token).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return ValueTask.FromResult<Stream>(viewer);
    }

    /// <summary>The guest ended: every connection's stream ends.</summary>
    public void End()
    {
        try
        {
            ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Ended before.
        }
    }

    public void Dispose()
    {
        End();
        ended.Dispose();
    }
}
