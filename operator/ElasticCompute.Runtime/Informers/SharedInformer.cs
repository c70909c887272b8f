using ElasticCompute.Runtime.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// List, then watch from the list's resourceVersion; resume from the last seen resourceVersion when a watch
/// closes; relist on 410 Gone and emit what the gap hid; back off with jitter on every error.
/// </summary>
internal sealed class SharedInformer<T> : IRunnableInformer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatch<T> listWatch;
    private readonly InformerOptions options;
    private readonly TimeProvider time;
    private readonly Random random;
    private readonly IInformerMetrics metrics;
    private readonly Func<T, T> transform;
    private readonly ILogger logger;
    private readonly ObjectCache<T> cache = new();
    private readonly List<IResourceHandler<T>> handlers = [];
    private readonly Lock dispatch = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long failingSinceTicks = -1;
    private volatile bool inBackoff;

    public SharedInformer(IListWatch<T> listWatch, ResourceKind kind, InformerOptions? options = null, TimeProvider? time = null,
        IInformerMetrics? metrics = null, Random? random = null, Func<T, T>? transform = null, ILogger? logger = null)
    {
        this.listWatch = listWatch;
        Kind = kind;
        this.options = options ?? new InformerOptions();
        this.time = time ?? TimeProvider.System;
        this.metrics = metrics ?? NoMetrics.Instance;
        this.random = random ?? Random.Shared;
        this.transform = transform ?? StripManagedFields;
        this.logger = logger ?? NullLogger.Instance;
    }

    public ResourceKind Kind { get; }

    public ICache<T> Cache => cache;

    public bool HasSynced => cache.HasSynced;

    /// <summary>The resourceVersion the next watch resumes from (null: relist first).</summary>
    internal string? ResourceVersion { get; private set; }

    /// <summary>
    /// Cache keeps only what reconciles need: managedFields and kubectl's last-applied-configuration
    /// (a second copy of the object) can be most of an object's size.
    /// </summary>
    public static T StripManagedFields(T obj)
    {
        if (obj.Metadata is { } meta)
        {
            meta.ManagedFields = null;
            if (meta.Annotations is { } annotations && annotations.Remove(LastAppliedAnnotation) && annotations.Count == 0)
            {
                meta.Annotations = null;
            }
        }

        return obj;
    }

    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    public void AddEventHandler(IResourceHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (dispatch)
        {
            handlers.Add(handler);
            foreach (var item in cache.List())
            {
                handler.OnAdd(item);
            }
        }
    }

    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer) => cache.AddIndexer(name, indexer);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    public bool IsWatchHealthy(TimeSpan threshold)
    {
        var since = Interlocked.Read(ref failingSinceTicks);
        return !inBackoff || since < 0 || time.GetUtcNow().UtcTicks - since <= threshold.Ticks;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.Backoff, random);
        var relist = true;
        var gonesInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (relist)
                {
                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                    relist = false;
                    MarkHealthy(backoff);
                }

                var span = options.MaxWatchTimeout - options.MinWatchTimeout;
                var timeout = (int)(options.MinWatchTimeout + (span * random.NextDouble())).TotalSeconds;
                var request = new WatchRequest(ResourceVersion!, Math.Max(1, timeout), options.LabelSelector);
                await foreach (var e in listWatch.WatchAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    Apply(e);
                    gonesInARow = 0;
                    MarkHealthy(backoff);
                }

                // Closed by the server (timeout) or ended: resume from the last seen resourceVersion.
                MarkHealthy(backoff);
                metrics.WatchRestarted(Kind.Plural);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ApiStatusException e) when (e.IsGone)
            {
                // Too old: relist. A second 410 in a row backs off, so a server that keeps answering 410 never spins us.
                relist = true;
                Log.Relisting(logger, Kind.Plural);
                metrics.WatchRestarted(Kind.Plural);
                if (++gonesInARow > 1)
                {
                    await BackOffAsync(backoff, cancellationToken).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // any failure of a list or watch is retried after a back-off
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.WatchFailed(logger, Kind.Plural, ListWatchFailure.Describe(Kind, e));
                Log.WatchFailedDetail(logger, e, Kind.Plural);
                metrics.WatchRestarted(Kind.Plural);
                await BackOffAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task BackOffAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref failingSinceTicks, time.GetUtcNow().UtcTicks, -1);
        inBackoff = true;
        try
        {
            await Task.Delay(backoff.Next(), time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        finally
        {
            inBackoff = false;
        }
    }

    private void MarkHealthy(Backoff backoff)
    {
        backoff.Reset();
        Interlocked.Exchange(ref failingSinceTicks, -1);
    }

    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        // Unchanged objects (same resourceVersion) keep their cached instance and are not even deserialized: a relist
        // then allocates only what changed instead of a second copy of the whole cache, which would sit in the heap
        // until a full collection.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<T>();
        string? next = null;
        string resourceVersion;
        while (true)
        {
            ListPage<T> page;
            try
            {
                page = await listWatch.ListAsync(new ListRequest(options.PageSize, next, options.LabelSelector, IsCached), cancellationToken).ConfigureAwait(false);
            }
            catch (ApiStatusException e) when (e.IsGone && next is not null)
            {
                // The continue token expired between pages: start the list again.
                seen.Clear();
                changed.Clear();
                next = null;
                continue;
            }

            foreach (var key in page.Held ?? [])
            {
                seen.Add(key);
            }

            foreach (var item in page.Items)
            {
                if (!seen.Add(ObjectKey.Of(item)))
                {
                    continue;
                }

                var cached = cache.Find(item.Metadata?.NamespaceProperty, item.Metadata?.Name ?? string.Empty);
                if (cached is null || cached.Metadata?.ResourceVersion != item.Metadata?.ResourceVersion)
                {
                    changed.Add(transform(item));
                }
            }

            next = page.Continue;
            if (next is null)
            {
                resourceVersion = page.ResourceVersion;
                break;
            }
        }

        lock (dispatch)
        {
            // Whatever vanished during the gap is deleted; what changed is updated; what is new is added.
            foreach (var key in cache.Keys())
            {
                if (!seen.Contains(key) && cache.Remove(key) is { } gone)
                {
                    Notify(h => h.OnDelete(gone));
                }
            }

            foreach (var obj in changed)
            {
                var old = cache.Upsert(obj);
                if (old is null)
                {
                    Notify(h => h.OnAdd(obj));
                }
                else
                {
                    Notify(h => h.OnUpdate(old, obj));
                }
            }

            ResourceVersion = resourceVersion;
            cache.MarkSynced();
        }

        synced.TrySetResult();
    }

    private bool IsCached(string? ns, string name, string? resourceVersion) =>
        !string.IsNullOrEmpty(resourceVersion) && cache.Find(ns, name)?.Metadata?.ResourceVersion == resourceVersion;

    private void Apply(WatchEvent<T> e)
    {
        switch (e.Type)
        {
            case WatchEventType.Bookmark:
                if (!string.IsNullOrEmpty(e.ResourceVersion))
                {
                    ResourceVersion = e.ResourceVersion;
                }

                return;
            case WatchEventType.Error:
                var code = e.Status?.Code ?? 500;
                throw new ApiStatusException(code, e.Status, e.Status?.Message ?? "watch error");
        }

        if (e.Item is null)
        {
            return;
        }

        var obj = transform(e.Item);
        lock (dispatch)
        {
            if (e.Type == WatchEventType.Deleted)
            {
                var old = cache.Remove(ObjectKey.Of(obj));
                Notify(h => h.OnDelete(old ?? obj));
            }
            else
            {
                var old = cache.Upsert(obj);
                if (old is null)
                {
                    Notify(h => h.OnAdd(obj));
                }
                else
                {
                    Notify(h => h.OnUpdate(old, obj));
                }
            }

            if (!string.IsNullOrEmpty(obj.Metadata?.ResourceVersion))
            {
                ResourceVersion = obj.Metadata.ResourceVersion;
            }
        }
    }

    private void Notify(Action<IResourceHandler<T>> call)
    {
        foreach (var handler in handlers)
        {
#pragma warning disable CA1031 // one faulty handler must not stop the informer or the others
            try
            {
                call(handler);
            }
            catch (Exception)
            {
                // handlers only enqueue; nothing to do but carry on
            }
#pragma warning restore CA1031
        }
    }
}
