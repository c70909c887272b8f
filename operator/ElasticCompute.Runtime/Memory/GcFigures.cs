namespace ElasticCompute.Runtime.Memory;

/// <summary>What the GC reports: collections so far, the heap after the last one, and the memory it holds committed.</summary>
public sealed record GcFigures(int Collections, long HeapBytes, long CommittedBytes)
{
    /// <summary>Committed but not holding the heap: free regions the GC keeps for later allocations.</summary>
    public long SlackBytes => Math.Max(0, CommittedBytes - HeapBytes);
}
