namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

internal enum RuntimeProgressKind
{
    Done,
    Waiting,
    Failed,
}
