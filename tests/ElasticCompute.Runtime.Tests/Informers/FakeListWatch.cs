using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ElasticCompute.Runtime.Informers;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Informers;

/// <summary>A scripted list/watch: lists answer from <see cref="ListAnswers"/>, each watch streams a channel the test writes to.</summary>
internal sealed class FakeListWatch : IListWatch<V1ConfigMap>
{
    private readonly Lock gate = new();

    public Queue<Func<ListRequest, ListPage<V1ConfigMap>>> ListAnswers { get; } = new();

    public List<ListRequest> Lists { get; } = [];

    public List<WatchRequest> Watches { get; } = [];

    /// <summary>Errors the next watches throw when they start, in order.</summary>
    public Queue<Exception> WatchFailures { get; } = new();

    public Channel<WatchEvent<V1ConfigMap>?> Current { get; private set; } = Channel.CreateUnbounded<WatchEvent<V1ConfigMap>?>();

    public int ListCount
    {
        get
        {
            lock (gate)
            {
                return Lists.Count;
            }
        }
    }

    public int WatchCount
    {
        get
        {
            lock (gate)
            {
                return Watches.Count;
            }
        }
    }

    public WatchRequest LastWatch
    {
        get
        {
            lock (gate)
            {
                return Watches[^1];
            }
        }
    }

    public Task<ListPage<V1ConfigMap>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Lists.Add(request);
            if (!ListAnswers.TryDequeue(out var answer))
            {
                throw new InvalidOperationException("no list answer scripted");
            }

            return Task.FromResult(answer(request));
        }
    }

    public async IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Channel<WatchEvent<V1ConfigMap>?> channel;
        lock (gate)
        {
            Watches.Add(request);
            if (WatchFailures.TryDequeue(out var failure))
            {
                throw failure;
            }

            channel = Current = Channel.CreateUnbounded<WatchEvent<V1ConfigMap>?>();
        }

        await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
        {
            if (e is null)
            {
                yield break; // the server closed the watch
            }

            yield return e;
        }
    }

    public static V1ConfigMap Map(string name, string rv, string? data = null) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            ResourceVersion = rv,
            Uid = "uid-" + name,
            ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update" }],
        },
        Data = data is null ? null : new Dictionary<string, string> { ["k"] = data },
    };
}
