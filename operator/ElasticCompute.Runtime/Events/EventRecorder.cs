using System.Globalization;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Runtime.Events;

/// <summary>
/// Queues events and writes them in the background. The same (object, type, reason, action, note) seen again within
/// <see cref="Window"/> bumps the first Event's series (count, lastObservedTime) instead of creating another Event.
/// </summary>
internal sealed class EventRecorder : IEventRecorder
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Series> recent = new(StringComparer.Ordinal);
    private readonly Channel<Pending> pending = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly IEventSink sink;
    private readonly string controller;
    private readonly string instance;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public EventRecorder(IEventSink sink, string controller, string instance, TimeProvider time, ILogger logger)
    {
        this.sink = sink;
        this.controller = controller;
        this.instance = instance;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The most series remembered for aggregation.</summary>
    internal const int MaxSeries = 4096;

    /// <summary>How many series are remembered now.</summary>
    internal int SeriesCount
    {
        get
        {
            lock (gate)
            {
                return recent.Count;
            }
        }
    }

    /// <summary>The client-go events library's series window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(6);

    public void Record(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string action, string note)
    {
        if (regarding?.Metadata is null)
        {
            return;
        }

        var reference = new V1ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            Name = regarding.Metadata.Name,
            NamespaceProperty = regarding.Metadata.NamespaceProperty,
            Uid = regarding.Metadata.Uid,
            ResourceVersion = regarding.Metadata.ResourceVersion,
        };
        pending.Writer.TryWrite(new Pending(reference, type, reason, action, note, time.GetUtcNow()));
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Writes one event now (the background loop's step; tests call it directly).</summary>
    internal async Task WriteAsync(Pending item, CancellationToken cancellationToken)
    {
        var r = item.Regarding;
        var key = string.Join('\u001f', r.Uid ?? string.Empty, r.Kind, r.NamespaceProperty, r.Name, item.Type, item.Reason, item.Action, item.Note);
        Series? series;
        int count;
        lock (gate)
        {
            if (recent.TryGetValue(key, out series) && item.At - series.LastObserved <= Window)
            {
                count = ++series.Count;
                series.LastObserved = item.At;
            }
            else
            {
                Prune(item.At);
                var ns = string.IsNullOrEmpty(r.NamespaceProperty) ? "default" : r.NamespaceProperty;
                var name = string.Create(CultureInfo.InvariantCulture, $"{r.Name}.{item.At.UtcTicks:x}{Random.Shared.Next(0x10000):x4}");
                recent[key] = series = new Series(ns, name, item.At);
                count = 1;
            }
        }

#pragma warning disable CA1031 // events are best-effort: a failed write is logged and dropped
        try
        {
            if (count == 1)
            {
                await sink.CreateAsync(NewEvent(item, series), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await sink.UpdateSeriesAsync(series.Namespace, series.Name,
                    new Eventsv1EventSeries { Count = count, LastObservedTime = item.At.UtcDateTime }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.EventNotWritten(logger, e, item.Reason, r.Kind, r.Name);
            if (count == 1)
            {
                lock (gate)
                {
                    recent.Remove(key); // never created: the next one creates it
                }
            }
        }
#pragma warning restore CA1031
    }

    private Eventsv1Event NewEvent(Pending item, Series series) => new()
    {
        Metadata = new V1ObjectMeta { Name = series.Name, NamespaceProperty = series.Namespace },
        EventTime = item.At.UtcDateTime,
        Regarding = item.Regarding,
        Type = item.Type,
        Reason = item.Reason,
        Action = item.Action,
        Note = item.Note.Length > 1024 ? item.Note[..1024] : item.Note,
        ReportingController = controller,
        ReportingInstance = instance,
    };

    /// <summary>
    /// Bounded like client-go's event correlator (an LRU of 4096): when full, expired series go, then the least recently
    /// observed half, so pruning is amortized O(1) per event and memory stays flat however many objects there are. An
    /// evicted series only means its next repeat starts a new Event.
    /// </summary>
    private void Prune(DateTimeOffset now)
    {
        if (recent.Count < MaxSeries)
        {
            return;
        }

        foreach (var (key, series) in recent.ToArray())
        {
            if (now - series.LastObserved > Window)
            {
                recent.Remove(key);
            }
        }

        if (recent.Count >= MaxSeries / 2)
        {
            foreach (var (key, _) in recent.OrderBy(kv => kv.Value.LastObserved).Take(recent.Count - (MaxSeries / 2)).ToArray())
            {
                recent.Remove(key);
            }
        }
    }

    internal sealed record Pending(V1ObjectReference Regarding, string Type, string Reason, string Action, string Note, DateTimeOffset At);

    private sealed class Series(string ns, string name, DateTimeOffset at)
    {
        public string Namespace { get; } = ns;

        public string Name { get; } = name;

        public int Count { get; set; } = 1;

        public DateTimeOffset LastObserved { get; set; } = at;
    }
}
