namespace ElasticCompute.Runtime;

/// <summary>Exponential back-off: Initial * 2^n capped at Max, then stretched by up to Jitter (0.5 = +50%).</summary>
public sealed record BackoffOptions
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    public double Jitter { get; init; } = 0.5;
}
