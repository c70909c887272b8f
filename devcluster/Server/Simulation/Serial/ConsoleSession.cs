namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// The serial console of one boot of a VMI: the boot log (printed once, a line every <c>lineDelay</c>), then the login
/// and shell; a scroll-back kept across connections; and at most one viewer, as virt-handler allows one console
/// connection per VMI: a new viewer takes over and the previous one is closed saying so.
/// </summary>
internal sealed class ConsoleSession : IDisposable
{
    public const string TakenOverReason = ConsoleScreen.TakenOverReason;
    public const string StoppedReason = ConsoleScreen.StoppedReason;

    private readonly Lock gate = new();
    private readonly ConsoleScreen screen = new();
    private readonly ConsoleShell shell;
    private readonly TimeProvider time;
    private readonly TimeSpan lineDelay;
    private readonly CancellationTokenSource ended = new();

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

    public string ScrollBack => screen.ScrollBack;

    /// <summary>Makes <paramref name="next"/> the viewer: it gets the scroll-back, then everything printed after; the previous viewer is closed.</summary>
    public void Attach(IConsoleViewer next) => screen.Attach(next);

    public void Detach(IConsoleViewer gone) => screen.Detach(gone);

    /// <summary>Bytes the viewer typed; a viewer that was taken over types into nothing.</summary>
    public void Type(IConsoleViewer from, ReadOnlySpan<byte> bytes)
    {
        lock (gate)
        {
            if (screen.IsViewer(from))
            {
                screen.Print(shell.Type(bytes));
            }
        }
    }

    /// <summary>The VMI stopped or restarted: the boot stops printing and the viewer is closed.</summary>
    public void End()
    {
        lock (gate)
        {
            if (screen.End())
            {
                ended.Cancel();
            }
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
                screen.Print(line);
                if (lineDelay > TimeSpan.Zero)
                {
                    await Task.Delay(lineDelay, time, cancellationToken).ConfigureAwait(false);
                }
            }

            lock (gate)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    screen.Print(shell.Start());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The VMI went away while booting.
        }
    }
}
