using System.Threading.Channels;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// One open live page: the changes of its tenant (or of one machine) since it subscribed. A page that cannot keep up
/// is not waited for: its queue stops taking changes and it is told to read the page again (<see cref="Overflowed"/>).
/// </summary>
internal sealed class MachineSubscription(string @namespace, string? machine, Action<MachineSubscription> unsubscribe) : IDisposable
{
    private const int Capacity = 256;

    private readonly Channel<MachineChange> queue = Channel.CreateBounded<MachineChange>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private int overflowed;
    private int disposed;

    public string Namespace { get; } = @namespace;

    public string? Machine { get; } = machine;

    public ChannelReader<MachineChange> Changes => queue.Reader;

    /// <summary>True once since the last <see cref="TakeOverflow"/>, when a change could not be queued.</summary>
    public bool Overflowed => Volatile.Read(ref overflowed) != 0;

    /// <summary>Changes the informer saw before this page subscribed but after it was rendered, to send first.</summary>
    public IReadOnlyList<MachineChange> Missed { get; init; } = [];

    /// <summary>The page's own version is older than what this process remembers: it must read the page again.</summary>
    public bool MustResync { get; init; }

    public bool Wants(MachineChange change) => Matches(Namespace, Machine, change);

    public static bool Matches(string @namespace, string? machine, MachineChange change) =>
        string.Equals(change.Namespace, @namespace, StringComparison.Ordinal) && (machine is null || string.Equals(change.Name, machine, StringComparison.Ordinal));

    public void Offer(MachineChange change)
    {
        if (!queue.Writer.TryWrite(change))
        {
            Volatile.Write(ref overflowed, 1);
        }
    }

    public bool TakeOverflow() => Interlocked.Exchange(ref overflowed, 0) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            unsubscribe(this);
            queue.Writer.TryComplete();
        }
    }
}
