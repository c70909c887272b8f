namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>
/// A guest's graphical display, spoken as RFB (VNC): QEMU's <c>-vnc unix:</c> socket, or the simulated runtime's own
/// server. Each call opens a new RFB connection from its first byte (the server's version banner); disposing the stream
/// ends it, and the stream ends (reads return 0) when the guest does. One viewer at a time is the vnc subresource's
/// rule (a new connection takes over and the previous one is closed saying so), not the display's.
/// </summary>
internal interface IGuestDisplay
{
    ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken);
}
