using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;

namespace ElasticCompute.DevCluster.Tests.Simulation;

/// <summary>A runtime whose guests boot and stop at once, fail to boot when told, and take or refuse resizes; it records what it was asked.</summary>
internal sealed class FakeVmRuntime : IVmRuntime
{
    /// <summary>Why every start fails; null: guests boot.</summary>
    public string? StartFailure { get; init; }

    public ResizeOutcome Resize { get; init; } = ResizeOutcome.Applied;

    /// <summary>What the controller asked, in order ("start web", "resize web 3 2Gi", "stop web", "kill web").</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public ValueTask<RuntimeProgress> StartAsync(JsonObject vmi, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"start {VmiKey.Of(vmi).Name}");
        return ValueTask.FromResult(StartFailure is { } why ? RuntimeProgress.Failed(why) : RuntimeProgress.Done);
    }

    public ValueTask<RuntimeProgress> StopAsync(VmiKey vmi, TimeSpan grace, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"stop {vmi.Name}");
        return ValueTask.FromResult(RuntimeProgress.Done);
    }

    public ValueTask KillAsync(VmiKey vmi, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"kill {vmi.Name}");
        return ValueTask.CompletedTask;
    }

    public ValueTask<ResizeOutcome> ResizeAsync(VmiKey vmi, long sockets, string? guestMemory, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"resize {vmi.Name} {sockets} {guestMemory}");
        return ValueTask.FromResult(Resize);
    }

    public string GuestAddress(VmiKey vmi, string podAddress) => podAddress;

    public IGuestConsole? Console(JsonObject vmi) => null;

    /// <summary>What each guest (by VMI uid) reports once a test says so; Running otherwise.</summary>
    private ConcurrentDictionary<string, GuestState> States { get; } = new();

    public GuestState Observe(VmiKey vmi) => States.GetValueOrDefault(vmi.Uid, GuestState.Running);

    public event Action? Changed;

    /// <summary>The guest of the VMI with this uid powers off, crashes or is forgotten, as a real one would by itself.</summary>
    public void Report(string uid, GuestState state)
    {
        States[uid] = state;
        Changed?.Invoke();
    }

    public IGuestDisplay? Display(JsonObject vmi) => null;

    /// <summary>Where every guest port answers (a test's listener); null: nowhere, as the simulated runtime.</summary>
    public System.Net.EndPoint? Guest { get; set; }

    public ValueTask<System.Net.EndPoint?> ForwardAsync(VmiKey vmi, int guestPort, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"forward {vmi.Name} {guestPort}");
        return ValueTask.FromResult(Guest);
    }
}
