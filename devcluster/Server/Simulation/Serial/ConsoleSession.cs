using System.Net.WebSockets;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// The serial console of one boot of a VMI: the boot log (printed once, a line every <c>lineDelay</c>), then the login
/// and shell; a scroll-back kept across connections; and at most one viewer, as virt-handler allows one console
/// connection per VMI: a new viewer takes over and the previous one is closed saying so.
/// </summary>
internal sealed class ConsoleSession : IDisposable
{
    public const string TakenOverReason = "another console connection took over";
    public const string StoppedReason = "the VMI is not running any more";

    private readonly Lock gate = new();
    private readonly ScrollBack scrollBack = new();
    private readonly ConsoleShell shell;
    private readonly TimeProvider time;
    private readonly TimeSpan lineDelay;
    private readonly CancellationTokenSource ended = new();
    private IConsoleViewer? viewer;

    public ConsoleSession(ConsoleBoot boot, TimeProvider time, TimeSpan lineDelay)
    {
        ArgumentNullException.ThrowIfNull(boot);
        Boot = boot;
        this.time = time;
        this.lineDelay = lineDelay;
        shell = new ConsoleShell(boot.Name, time, boot.StartedAt);
        Booted = BootAsync(ended.Token);
    }

    public ConsoleBoot Boot { get; }

    /// <summary>Completes once the login prompt is printed (or the session ended first).</summary>
    public Task Booted { get; }

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
            if (ended.IsCancellationRequested)
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

    /// <summary>Bytes the viewer typed; a viewer that was taken over types into nothing.</summary>
    public void Type(IConsoleViewer from, ReadOnlySpan<byte> bytes)
    {
        lock (gate)
        {
            if (ReferenceEquals(viewer, from))
            {
                Print(shell.Type(bytes));
            }
        }
    }

    /// <summary>The VMI stopped or restarted: the boot stops printing and the viewer is closed.</summary>
    public void End()
    {
        lock (gate)
        {
            if (ended.IsCancellationRequested)
            {
                return;
            }

            ended.Cancel();
            viewer?.Close(WebSocketCloseStatus.EndpointUnavailable, StoppedReason);
            viewer = null;
        }
    }

    public void Dispose()
    {
        End();
        ended.Dispose();
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        // Yield first: the constructor returns before the first line, so the session is registered before it prints.
        await Task.Yield();
        try
        {
            foreach (var line in BootLog.Lines(Boot.Name))
            {
                lock (gate)
                {
                    Print(line);
                }

                if (lineDelay > TimeSpan.Zero)
                {
                    await Task.Delay(lineDelay, time, cancellationToken).ConfigureAwait(false);
                }
            }

            lock (gate)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    Print(shell.Start());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The VMI went away while booting.
        }
    }

    /// <summary>Called under the lock.</summary>
    private void Print(string output)
    {
        if (output.Length == 0 || ended.IsCancellationRequested)
        {
            return;
        }

        scrollBack.Append(output);
        viewer?.Send(output);
    }
}
