using System.Diagnostics;
using System.Globalization;

namespace ElasticCompute.Bench;

/// <summary>This process's memory after a full, compacting collection: managed heap and resident set.</summary>
internal sealed record MemorySample(double ManagedMiB, double HeapMiB, double ResidentMiB)
{
    public static async Task<MemorySample> TakeAsync()
    {
        // Twice, with a pause: finalizers run, and what they free goes too.
        for (var i = 0; i < 2; i++)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            await Task.Delay(200);
        }

        using var self = Process.GetCurrentProcess();
        return new MemorySample(
            GC.GetTotalMemory(forceFullCollection: false) / 1048576.0,
            GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,
            Resident());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ManagedMiB:F0} / {ResidentMiB:F0}");

    private static double Resident() => ProcessMemory.ResidentMiB(Environment.ProcessId);
}
