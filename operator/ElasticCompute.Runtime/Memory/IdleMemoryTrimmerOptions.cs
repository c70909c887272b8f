namespace ElasticCompute.Runtime.Memory;

public sealed record IdleMemoryTrimmerOptions
{
    /// <summary>How long the process must go without a collection, and allocating less than <see cref="QuietAllocationBytes"/>, to count as quiet.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    public long QuietAllocationBytes { get; init; } = 1L << 20;

    /// <summary>At most one trim in this long, so a process that goes quiet often does not pause for a full collection often.</summary>
    public TimeSpan MinTimeBetweenTrims { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth of the GC's footprint since the last trim below this is left alone: the next allocations would take it again.</summary>
    public long MinGrowthBytes { get; init; } = 8L << 20;

    /// <summary>...and below this share of what the last trim left.</summary>
    public double MinGrowthRatio { get; init; } = 0.15;
}
