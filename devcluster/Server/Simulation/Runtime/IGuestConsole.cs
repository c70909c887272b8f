using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>A guest's serial console: one viewer at a time, as virt-handler allows (a new one takes over).</summary>
internal interface IGuestConsole
{
    /// <summary>Makes <paramref name="viewer"/> the console's viewer; disposing the connection detaches it.</summary>
    IConsoleConnection Connect(IConsoleViewer viewer);
}
