using ElasticCompute.Runtime.Metrics;

namespace ElasticCompute.Runtime.Queues;

#pragma warning disable CA1711 // "work queue" is the name client-go and controller-runtime users know

/// <summary>
/// The queue of <see cref="IWorkQueue{TKey}"/>, hand-written after client-go's workqueue (no served .NET library
/// has its one-worker-per-key and dirty/processing semantics). All time comes from the TimeProvider.
/// </summary>
public sealed class WorkQueue<TKey> : IWorkQueue<TKey>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Queue<TKey> queue = new();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, long> addedAt = [];
    private readonly Dictionary<TKey, long> startedAt = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> waiting = [];
    private readonly LinkedList<TaskCompletionSource> waiters = new();
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider time;
    private readonly IRateLimiter<TKey> limiter;
    private readonly IWorkQueueMetrics metrics;
    private bool shuttingDown;

    public WorkQueue(TimeProvider? time = null, IRateLimiter<TKey>? limiter = null, IWorkQueueMetrics? metrics = null)
    {
        this.time = time ?? TimeProvider.System;
        this.limiter = limiter ?? new ExponentialRateLimiter<TKey>();
        this.metrics = metrics ?? NoMetrics.Instance;
    }

    public int Length
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    /// <summary>Keys waiting for a delay to pass.</summary>
    public int Delayed
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (gate)
        {
            if (shuttingDown || !dirty.Add(key))
            {
                return;
            }

            metrics.Added();
            addedAt[key] = time.GetTimestamp();
            if (processing.Contains(key))
            {
                return; // handed out again after Done
            }

            queue.Enqueue(key);
            metrics.Depth(queue.Count);
            SignalOne();
        }
    }

    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            var due = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            ITimer? timer = null;
            timer = time.CreateTimer(_ => Fire(key, timer!), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            waiting[key] = (due, timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void AddRateLimited(TKey key)
    {
        metrics.Retry();
        AddAfter(key, limiter.NextDelay(key));
    }

    public void Forget(TKey key) => limiter.Forget(key);

    public int Requeues(TKey key) => limiter.Failures(key);

    public async ValueTask<Dequeued<TKey>> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource signal;
            lock (gate)
            {
                if (queue.TryDequeue(out var key))
                {
                    dirty.Remove(key);
                    processing.Add(key);
                    var now = time.GetTimestamp();
                    if (addedAt.Remove(key, out var added))
                    {
                        metrics.QueueDuration(time.GetElapsedTime(added, now));
                    }

                    startedAt[key] = now;
                    metrics.Depth(queue.Count);
                    return new Dequeued<TKey>(key, false);
                }

                if (shuttingDown)
                {
                    return new Dequeued<TKey>(default!, true);
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.AddLast(signal);
            }

            try
            {
                await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (gate)
                {
                    // Woken and cancelled at once: pass the wake-up on so the key is not stranded.
                    if (!waiters.Remove(signal))
                    {
                        SignalOne();
                    }
                }

                throw;
            }
        }
    }

    public void Done(TKey key)
    {
        lock (gate)
        {
            if (!processing.Remove(key))
            {
                return;
            }

            if (startedAt.Remove(key, out var started))
            {
                metrics.WorkDuration(time.GetElapsedTime(started));
            }

            if (dirty.Contains(key))
            {
                queue.Enqueue(key);
                metrics.Depth(queue.Count);
                SignalOne();
            }
            else if (shuttingDown && processing.Count == 0)
            {
                drained.TrySetResult();
            }
        }
    }

    public void ShutDown()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            shuttingDown = true;
            foreach (var (_, pending) in waiting)
            {
                pending.Timer.Dispose();
            }

            waiting.Clear();
            while (waiters.First is { } first)
            {
                waiters.RemoveFirst();
                first.Value.TrySetResult();
            }

            if (processing.Count == 0)
            {
                drained.TrySetResult();
            }
        }
    }

    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        ShutDown();
        return drained.Task.WaitAsync(cancellationToken);
    }

    private void Fire(TKey key, ITimer timer)
    {
        lock (gate)
        {
            if (!waiting.TryGetValue(key, out var pending) || !ReferenceEquals(pending.Timer, timer))
            {
                return; // replaced by an earlier delay, or shut down
            }

            waiting.Remove(key);
        }

        timer.Dispose();
        Add(key);
    }

    private void SignalOne()
    {
        if (waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult();
        }
    }
}
