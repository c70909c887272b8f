namespace ElasticCompute.Runtime.Queues;

/// <summary>How long a key waits before its next retry.</summary>
public interface IRateLimiter<in TKey>
{
    /// <summary>Records a failure and returns the delay before the retry.</summary>
    TimeSpan NextDelay(TKey key);

    /// <summary>Clears the key's failures (after a success).</summary>
    void Forget(TKey key);

    int Failures(TKey key);
}
