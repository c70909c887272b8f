namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <param name="Output">What the command printed, each line ending in CR LF.</param>
/// <param name="Logout">The command ends the session (exit, logout).</param>
internal sealed record ShellResult(string Output, bool Logout = false);
