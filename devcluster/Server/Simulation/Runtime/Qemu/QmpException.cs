namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>QEMU refused a QMP command, or the connection closed before it answered.</summary>
internal sealed class QmpException(string command, string description) : Exception($"{command}: {description}")
{
    public string Description { get; } = description;
}
