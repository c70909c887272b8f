namespace ElasticCompute.Runtime.Memory;

internal sealed class RuntimeGarbageCollector : IGarbageCollector
{
    public static RuntimeGarbageCollector Instance { get; } = new();

    public GcFigures Read()
    {
        var info = GC.GetGCMemoryInfo();
        return new GcFigures(GC.CollectionCount(0), info.HeapSizeBytes, info.TotalCommittedBytes);
    }

#pragma warning disable S1215 // returning memory to the OS after a burst is the point; see IdleMemoryTrimmer
    public void CollectAggressively() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
#pragma warning restore S1215
}
