namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>What one boot of a VMI needs from QEMU: its topology, memory, disk files (boot disk first) and seed.</summary>
internal sealed record GuestPlan(
    VmiKey Vmi,
    long Sockets,
    long Cores,
    long Threads,
    long MaxSockets,
    long MemoryBytes,
    long? MaxMemoryBytes,
    IReadOnlyList<GuestDisk> Disks,
    CloudInitSeed Seed,
    string Mac)
{
    public long VCpus => Sockets * Cores * Threads;

    public long MaxVCpus => Math.Max(Sockets, MaxSockets) * Cores * Threads;
}
