using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>
/// What runs a VMI's guest, driven by the VMI controller (virt-handler's part): boot it once it is placed on a node,
/// power it down, apply a cpu or memory change, say where the guest answers, and attach to its serial console. The
/// controller owns phases and status; the runtime only does and reports. Start and stop are level-based: asked again
/// every pass until done, so a runtime never blocks a pass.
/// </summary>
internal interface IVmRuntime
{
    /// <summary>Boots (or goes on booting) the guest of a scheduled VMI: Done when it runs, Failed when it cannot.</summary>
    ValueTask<RuntimeProgress> StartAsync(JsonObject vmi, CancellationToken cancellationToken);

    /// <summary>Asks the guest to power down and ends it once <paramref name="grace"/> has passed: Done when it is gone.</summary>
    ValueTask<RuntimeProgress> StopAsync(VmiKey vmi, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>The VMI is gone (stopped, or force-deleted without a shutdown): what is left of its guest ends at once and is forgotten.</summary>
    ValueTask KillAsync(VmiKey vmi, CancellationToken cancellationToken);

    /// <summary>Applies a socket count and guest memory (a quantity) to the running guest, or says it needs a restart.</summary>
    ValueTask<ResizeOutcome> ResizeAsync(VmiKey vmi, long sockets, string? guestMemory, CancellationToken cancellationToken);

    /// <summary>The address the guest's interface reports, given the one the pod network gave the VMI.</summary>
    string GuestAddress(VmiKey vmi, string podAddress);

    /// <summary>The serial console of the VMI's guest, or null when it has none now (not running).</summary>
    IGuestConsole? Console(JsonObject vmi);

    /// <summary>How a running VMI's guest is doing: still running, powered off by itself, crashed, or unknown to this runtime.</summary>
    GuestState Observe(VmiKey vmi);

    /// <summary>Raised when a guest changes by itself (came up, powered off, crashed), so the controller looks again.</summary>
    event Action? Changed;

    /// <summary>The graphical display (VNC) of the VMI's guest, or null when it has none now (not running).</summary>
    IGuestDisplay? Display(JsonObject vmi);

    /// <summary>Where on this host the guest's TCP <paramref name="guestPort"/> answers, or null when it cannot (no such guest, or no network).</summary>
    ValueTask<System.Net.EndPoint?> ForwardAsync(VmiKey vmi, int guestPort, CancellationToken cancellationToken);
}
