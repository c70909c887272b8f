namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>What the simulated shell's commands know: who and where they run, the time, and when the guest booted.</summary>
internal sealed record ShellContext(string Hostname, string User, DateTimeOffset Now, DateTimeOffset BootedAt);
