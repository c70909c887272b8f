namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>The files of one running guest in its run folder.</summary>
internal sealed record GuestPaths(string Directory)
{
    public string Qmp => Path.Combine(Directory, "qmp.sock");

    public string Serial => Path.Combine(Directory, "serial.sock");

    public string Status => Path.Combine(Directory, "status.sock");

    public string Vnc => Path.Combine(Directory, "vnc.sock");

    public string PidFile => Path.Combine(Directory, "qemu.pid");

    public string Log => Path.Combine(Directory, "qemu.log");

    public string Seed(string name) => Path.Combine(Directory, "seed-" + name);
}
