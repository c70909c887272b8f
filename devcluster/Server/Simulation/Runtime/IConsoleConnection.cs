namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>One viewer's connection to a guest's serial console.</summary>
internal interface IConsoleConnection : IDisposable
{
    /// <summary>Bytes the viewer typed; once another viewer took over they go nowhere.</summary>
    void Type(ReadOnlySpan<byte> bytes);
}
