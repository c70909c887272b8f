namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

internal enum GuestStateKind
{
    Running,
    Absent,
    PoweredOff,
    Crashed,
}
