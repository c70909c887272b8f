namespace ElasticCompute.Runtime.Memory;

public sealed record IdleMemoryTrimmerOptions
{
    /// <summary>How long the process must go without a collection before it counts as quiet.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>At most one trim in this long, so a process that goes quiet often does not pause for a full collection often.</summary>
    public TimeSpan MinTimeBetweenTrims { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Slack below this is left alone: the next allocations would commit it again.</summary>
    public long MinSlackBytes { get; init; } = 16L << 20;

    /// <summary>...and below this share of the heap.</summary>
    public double MinSlackRatio { get; init; } = 0.2;
}
