using Prometheus;

namespace ElasticCompute.Runtime.Metrics;

/// <summary>
/// The process's own figures, as controller-runtime exposes Go's: resident and private memory, CPU, threads (from
/// prometheus-net), plus the GC's heap after the last collection and what it keeps committed, so a memory rise can
/// be told apart as live objects or GC slack without attaching a profiler (the native build cannot be attached to).
/// </summary>
internal static class ProcessMetrics
{
    public static void Register(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var heap = factory.CreateGauge("dotnet_gc_heap_size_bytes", "GC heap size after the last collection, including fragmentation.");
        var fragmented = factory.CreateGauge("dotnet_gc_fragmented_bytes", "Free space inside the GC heap after the last collection.");
        var committed = factory.CreateGauge("dotnet_gc_committed_bytes", "Memory the GC has committed.");
        var promoted = factory.CreateGauge("dotnet_gc_promoted_bytes", "Bytes that survived the last collection.");
        registry.AddBeforeCollectCallback(() =>
        {
            var info = GC.GetGCMemoryInfo();
            heap.Set(info.HeapSizeBytes);
            fragmented.Set(info.FragmentedBytes);
            committed.Set(info.TotalCommittedBytes);
            promoted.Set(info.PromotedBytes);
        });
    }
}
