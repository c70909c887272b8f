namespace ElasticCompute.Runtime;

/// <summary>The delay sequence of <see cref="BackoffOptions"/>; not thread-safe (one loop owns it).</summary>
internal sealed class Backoff(BackoffOptions options, Random random)
{
    private int attempt;

    public TimeSpan Next()
    {
        var factor = Math.Pow(2, Math.Min(attempt, 40));
        attempt++;
        var baseTicks = Math.Min(options.Max.Ticks, options.Initial.Ticks * factor);
        return TimeSpan.FromTicks((long)(baseTicks * (1 + (options.Jitter * random.NextDouble()))));
    }

    public void Reset() => attempt = 0;
}
