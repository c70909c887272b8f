namespace ElasticCompute.Runtime.Memory;

/// <summary>
/// What the GC reports: collections so far, the heap now (what the last collection kept plus what was allocated
/// since), the memory it held committed at the last collection (free regions included), and all bytes ever allocated.
/// </summary>
public sealed record GcFigures(int Collections, long HeapBytes, long CommittedBytes, long AllocatedBytes = 0)
{
    /// <summary>The GC's share of the resident set, as well as it can be told without collecting.</summary>
    public long FootprintBytes => Math.Max(HeapBytes, CommittedBytes);
}
