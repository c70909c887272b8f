namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>The VMI asks for something the qemu runtime cannot boot; the VMI fails with this message.</summary>
internal sealed class GuestPlanException(string message) : Exception(message);
