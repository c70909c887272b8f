namespace ElasticCompute.Runtime.Queues;

#pragma warning disable CA1711 // "work queue" is the name client-go and controller-runtime users know

/// <summary>
/// client-go's rate-limited delaying work queue: duplicate keys collapse, a key being processed is never handed
/// to a second worker (re-added keys come back after <see cref="Done"/>), per-key back-off and delays.
/// </summary>
public interface IWorkQueue<TKey>
    where TKey : notnull
{
    /// <summary>Keys ready to be handed out.</summary>
    int Length { get; }

    bool IsShuttingDown { get; }

    void Add(TKey key);

    /// <summary>Adds the key once <paramref name="delay"/> has passed (the earliest of several pending delays wins).</summary>
    void AddAfter(TKey key, TimeSpan delay);

    /// <summary>Adds the key after its rate limiter's back-off.</summary>
    void AddRateLimited(TKey key);

    /// <summary>Resets the key's back-off (call on success).</summary>
    void Forget(TKey key);

    int Requeues(TKey key);

    /// <summary>Waits for a key; the caller must call <see cref="Done"/> with it.</summary>
    ValueTask<Dequeued<TKey>> GetAsync(CancellationToken cancellationToken);

    void Done(TKey key);

    /// <summary>Stops accepting keys; keys already queued are still handed out, then <see cref="GetAsync"/> reports shut down.</summary>
    void ShutDown();

    /// <summary>Shuts down and waits until every key being processed is done.</summary>
    Task ShutDownWithDrainAsync(CancellationToken cancellationToken);
}
