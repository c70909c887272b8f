using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>The displays of the simulated guests, one per boot (VMI uid), made on first connection and ended with their guest.</summary>
internal sealed class SimulatedDisplays
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SimulatedDisplay> displays = new(StringComparer.Ordinal);

    public SimulatedDisplay Of(ConsoleBoot boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        lock (gate)
        {
            if (!displays.TryGetValue(boot.Uid, out var display))
            {
                displays[boot.Uid] = display = new SimulatedDisplay($"{boot.Namespace}/{boot.Name}", boot.Name);
            }

            return display;
        }
    }

    /// <summary>The guest of <paramref name="uid"/> powers down or is gone.</summary>
    public void End(string uid)
    {
        SimulatedDisplay? display;
        lock (gate)
        {
            displays.Remove(uid, out display);
        }

        display?.Dispose();
    }
}
