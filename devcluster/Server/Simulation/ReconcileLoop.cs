using System.Threading.Channels;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// A level-based controller: it looks at everything it owns whenever a table it cares about changes, or when
/// a delay it asked for has passed on the injected clock (so tests advance a fake clock instead of sleeping).
/// </summary>
internal abstract class ReconcileLoop(ResourceRegistry registry, TimeProvider time)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private DateTimeOffset? nextDue;

    protected ResourceRegistry Registry { get; } = registry;

    protected TimeProvider Time { get; } = time;

    protected DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The last error a pass hit (retried at the next change or after a short delay); for diagnosis.</summary>
    public Exception? LastError { get; private set; }

    protected abstract bool Watches(string table);

    protected abstract Task ReconcileAsync(CancellationToken cancellationToken);

    /// <summary>Asks for another pass at <paramref name="due"/> (a phase delay ending).</summary>
    protected void WakeAt(DateTimeOffset due)
    {
        if (nextDue is null || due < nextDue)
        {
            nextDue = due;
        }
    }

    public void Poke() => wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = Time.CreateTimer(_ => Poke(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var pump = Task.Run(() => PumpAsync(cancellationToken), CancellationToken.None);
        Poke();
        try
        {
            while (await wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                wake.Reader.TryRead(out _);
                nextDue = null;
                try
                {
                    await ReconcileAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LastError = e;
                    WakeAt(Now + RetryDelay);
                }

                if (nextDue is { } due)
                {
                    var wait = due - Now;
                    if (wait <= TimeSpan.Zero)
                    {
                        Poke();
                    }
                    else
                    {
                        timer.Change(wait, Timeout.InfiniteTimeSpan);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await pump.ConfigureAwait(false);
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Only the tables this controller looks at wake it: every write to any other table would be a
                // thread-pool work item ahead of API requests in the queue.
                using var subscription = Registry.Store.Watch(null, null, Registry.Store.Revision, Watches);
                Poke();
                while (await subscription.NextAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    Poke();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
