namespace ElasticCompute.Runtime.Queues;

/// <summary>Per-key exponential back-off: BaseDelay * 2^failures, capped at MaxDelay (client-go's defaults: 5 ms .. 1000 s).</summary>
public sealed class ExponentialRateLimiter<TKey>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<TKey>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, int> failures = [];

    public ExponentialRateLimiter()
        : this(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000))
    {
    }

    public TimeSpan NextDelay(TKey key)
    {
        int exponent;
        lock (gate)
        {
            exponent = failures.GetValueOrDefault(key);
            failures[key] = exponent + 1;
        }

        var ticks = baseDelay.Ticks * Math.Pow(2, Math.Min(exponent, 62));
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(TKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public int Failures(TKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }
}
