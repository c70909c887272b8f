using System.Threading.Channels;

namespace ElasticCompute.DevCluster.Server.Storage;

/// <summary>A live watch on one table: events in revision order until disposed or ended by the server.</summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Action<WatchSubscription> unsubscribe;
    private readonly Channel<StoreEvent> channel;
    private int pending;

    private readonly Func<string, bool>? tables;

    internal WatchSubscription(string table, string? @namespace, int backlog, Action<WatchSubscription> unsubscribe, Func<string, bool>? tables = null)
    {
        this.tables = tables;
        Table = table;
        Namespace = @namespace;
        Backlog = backlog;
        this.unsubscribe = unsubscribe;
        channel = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    }

    public string Table { get; }

    public string? Namespace { get; }

    private int Backlog { get; }

    /// <summary>Set when the server ended the watch (too slow a reader, dropped by a fault, shutdown).</summary>
    public string? EndReason { get; private set; }

    public ChannelReader<StoreEvent> Events => channel.Reader;

    /// <summary>Reads the next event, counting it off the backlog.</summary>
    public async ValueTask<StoreEvent?> NextAsync(CancellationToken cancellationToken)
    {
        while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (channel.Reader.TryRead(out var e))
            {
                Interlocked.Decrement(ref pending);
                return e;
            }
        }

        return null;
    }

    internal bool Matches(StoreEvent e) => (Namespace is null || e.Item.Namespace == Namespace) && (tables is null || tables(e.Table));

    /// <summary>Called by the store under its lock.</summary>
    internal void Publish(StoreEvent e)
    {
        if (EndReason is not null)
        {
            return;
        }

        if (Interlocked.Increment(ref pending) > Backlog)
        {
            End("the watcher fell too far behind");
            return;
        }

        channel.Writer.TryWrite(e);
    }

    internal void End(string reason)
    {
        EndReason ??= reason;
        channel.Writer.TryComplete();
    }

    public void Dispose()
    {
        channel.Writer.TryComplete();
        unsubscribe(this);
    }
}
