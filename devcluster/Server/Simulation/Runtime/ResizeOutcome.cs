namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>Whether a cpu or memory change reached the running guest, or waits for its next boot.</summary>
internal enum ResizeOutcome
{
    Applied,
    RestartRequired,
}
