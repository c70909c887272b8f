using System.Net.WebSockets;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// What a serial console shows: its scroll-back and at most one viewer, as virt-handler allows one console connection
/// per VMI (a new viewer takes over and the previous one is closed saying so). Shared by the simulated console and the
/// real guests' serial ports; thread-safe.
/// </summary>
internal sealed class ConsoleScreen
{
    public const string TakenOverReason = "another console connection took over";
    public const string StoppedReason = "the VMI is not running any more";

    private readonly Lock gate = new();
    private readonly ScrollBack scrollBack = new();
    private IConsoleViewer? viewer;
    private bool ended;

    public bool Ended
    {
        get
        {
            lock (gate)
            {
                return ended;
            }
        }
    }

    public string ScrollBack
    {
        get
        {
            lock (gate)
            {
                return scrollBack.ToString();
            }
        }
    }

    /// <summary>Makes <paramref name="next"/> the viewer: it gets the scroll-back, then everything printed after; the previous viewer is closed.</summary>
    public void Attach(IConsoleViewer next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (gate)
        {
            if (ended)
            {
                next.Close(WebSocketCloseStatus.EndpointUnavailable, StoppedReason);
                return;
            }

            var previous = viewer;
            viewer = next;
            var replay = scrollBack.ToString();
            if (replay.Length > 0)
            {
                next.Send(replay);
            }

            previous?.Close(WebSocketCloseStatus.PolicyViolation, TakenOverReason);
        }
    }

    public void Detach(IConsoleViewer gone)
    {
        lock (gate)
        {
            if (ReferenceEquals(viewer, gone))
            {
                viewer = null;
            }
        }
    }

    /// <summary>Whether <paramref name="candidate"/> is the viewer now (one taken over types into nothing).</summary>
    public bool IsViewer(IConsoleViewer candidate)
    {
        lock (gate)
        {
            return !ended && ReferenceEquals(viewer, candidate);
        }
    }

    public void Print(string output)
    {
        if (output.Length == 0)
        {
            return;
        }

        lock (gate)
        {
            if (ended)
            {
                return;
            }

            scrollBack.Append(output);
            viewer?.Send(output);
        }
    }

    /// <summary>The guest stopped: nothing more is printed and the viewer is closed.</summary>
    /// <returns>False when it had already ended.</returns>
    public bool End()
    {
        lock (gate)
        {
            if (ended)
            {
                return false;
            }

            ended = true;
            viewer?.Close(WebSocketCloseStatus.EndpointUnavailable, StoppedReason);
            viewer = null;
            return true;
        }
    }
}
