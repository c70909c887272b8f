using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Simulation.Vnc;
using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>
/// A guest that is only bookkeeping: it boots and shuts down in one <see cref="SimulationOptions.VmiPhaseDelay"/> each
/// (whatever the grace period), takes every resize live, answers on the pod address, and its console is the scripted
/// boot log and shell of <see cref="ConsoleSessions"/>. Driven by one reconcile loop at a time.
/// </summary>
internal sealed class SimulatedVmRuntime(TimeProvider time, SimulationOptions options, ConsoleSessions sessions) : IVmRuntime
{
    private readonly Dictionary<string, DateTimeOffset> startingSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> stoppingSince = new(StringComparer.Ordinal);
    private readonly SimulatedDisplays displays = new();

    private TimeSpan Delay => options.VmiPhaseDelay;

    public ValueTask<RuntimeProgress> StartAsync(JsonObject vmi, CancellationToken cancellationToken) =>
        ValueTask.FromResult(After(startingSince, VmiKey.Of(vmi).Uid));

    public ValueTask<RuntimeProgress> StopAsync(VmiKey vmi, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        displays.End(vmi.Uid);
        return ValueTask.FromResult(After(stoppingSince, vmi.Uid));
    }

    public ValueTask KillAsync(VmiKey vmi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        startingSince.Remove(vmi.Uid);
        stoppingSince.Remove(vmi.Uid);
        displays.End(vmi.Uid);
        return ValueTask.CompletedTask;
    }

    // The VM controller only hands a running VMI what fits its maxSockets/maxGuest, and the bookkeeping takes all of it.
    public ValueTask<ResizeOutcome> ResizeAsync(VmiKey vmi, long sockets, string? guestMemory, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ResizeOutcome.Applied);

    public string GuestAddress(VmiKey vmi, string podAddress) => podAddress;

    public IGuestConsole? Console(JsonObject vmi) => ConsoleBoot.Of(vmi) is { } boot ? new SimulatedConsole(sessions, boot) : null;

    // A simulated guest never stops by itself, and one devcluster restarted without runs on as bookkeeping.
    public GuestState Observe(VmiKey vmi) => GuestState.Running;

    public event Action? Changed
    {
        add { }
        remove { }
    }

    public IGuestDisplay? Display(JsonObject vmi) => ConsoleBoot.Of(vmi) is { } boot ? displays.Of(boot) : null;

    // A bookkeeping guest has no network stack: a forwarded connection is closed at once.
    public ValueTask<System.Net.EndPoint?> ForwardAsync(VmiKey vmi, int guestPort, CancellationToken cancellationToken) =>
        ValueTask.FromResult<System.Net.EndPoint?>(null);

    /// <summary>Done one phase delay after the first ask (kept until the VMI is gone, so asking again stays done).</summary>
    private RuntimeProgress After(Dictionary<string, DateTimeOffset> since, string uid)
    {
        var now = time.GetUtcNow();
        if (!since.TryGetValue(uid, out var first))
        {
            since[uid] = first = now;
        }

        return now < first + Delay ? RuntimeProgress.Waiting(first + Delay) : RuntimeProgress.Done;
    }
}
