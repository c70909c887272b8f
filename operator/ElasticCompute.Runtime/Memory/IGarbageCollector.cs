namespace ElasticCompute.Runtime.Memory;

/// <summary>The GC as the idle trimmer sees it; a seam so its decisions are tested without collecting.</summary>
public interface IGarbageCollector
{
    GcFigures Read();

    /// <summary>A full, compacting collection that gives every free region back to the operating system.</summary>
    void CollectAggressively();
}
