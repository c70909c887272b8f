namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>QEMU could not start the guest (it exited or never opened its sockets); the message says what it printed.</summary>
internal sealed class GuestStartException(string message, Exception inner) : Exception(message, inner);
