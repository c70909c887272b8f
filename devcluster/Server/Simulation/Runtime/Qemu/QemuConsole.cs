using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>A real guest's serial console (ttyS0): what it printed since boot, then live; typing goes to the port.</summary>
internal sealed class QemuConsole(QemuGuest guest) : IGuestConsole
{
    public IConsoleConnection Connect(IConsoleViewer viewer)
    {
        guest.Screen.Attach(viewer);
        return new Connection(guest, viewer);
    }

    private sealed class Connection(QemuGuest guest, IConsoleViewer viewer) : IConsoleConnection
    {
        public void Type(ReadOnlySpan<byte> bytes)
        {
            if (guest.Screen.IsViewer(viewer))
            {
                guest.Type(bytes);
            }
        }

        public void Dispose() => guest.Screen.Detach(viewer);
    }
}
