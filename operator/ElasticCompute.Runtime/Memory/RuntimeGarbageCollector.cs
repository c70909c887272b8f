namespace ElasticCompute.Runtime.Memory;

internal sealed class RuntimeGarbageCollector : IGarbageCollector
{
    public static RuntimeGarbageCollector Instance { get; } = new();

    public GcFigures Read()
    {
        // GetGCMemoryInfo describes the last collection only; GetTotalMemory adds what was allocated since, which a
        // quiet process can hold for good (a relist's allocations that never reached the gen0 budget).
        return new GcFigures(GC.CollectionCount(0), GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes,
            GC.GetTotalAllocatedBytes());
    }

#pragma warning disable S1215 // returning memory to the OS after a burst is the point; see IdleMemoryTrimmer
    public void CollectAggressively() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
#pragma warning restore S1215
}
