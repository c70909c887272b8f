using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>The simulated guest's console: the session of this boot (boot log, login, shell), opened on first connection.</summary>
internal sealed class SimulatedConsole(ConsoleSessions sessions, ConsoleBoot boot) : IGuestConsole
{
    public IConsoleConnection Connect(IConsoleViewer viewer)
    {
        var session = sessions.Open(boot);
        session.Attach(viewer);
        return new Connection(session, viewer);
    }

    private sealed class Connection(ConsoleSession session, IConsoleViewer viewer) : IConsoleConnection
    {
        public void Type(ReadOnlySpan<byte> bytes) => session.Type(viewer, bytes);

        public void Dispose() => session.Detach(viewer);
    }
}
