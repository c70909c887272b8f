using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Runtime.Memory;

/// <summary>
/// Gives memory back to the operating system once the process goes quiet after a burst (a relist, thousands of
/// machines created at once). What a burst leaves behind stays resident in a quiet process: free regions the GC
/// keeps committed, garbage promoted to the oldest generation, which only a full collection frees, and allocations
/// short of the gen0 budget, which no collection ever looks at. So when the GC's footprint has grown well past what the last trim left
/// and no collection has happened for a whole interval, one aggressive full collection returns it (tens of
/// milliseconds on a heap of 100 MiB, at most once per <see cref="IdleMemoryTrimmerOptions.MinTimeBetweenTrims"/>).
/// Go's runtime does the same on its own (its scavenger); .NET leaves it to the application.
/// </summary>
public sealed class IdleMemoryTrimmer(IdleMemoryTrimmerOptions options, TimeProvider? time = null, IGarbageCollector? gc = null, ILogger? logger = null)
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly IGarbageCollector gc = gc ?? RuntimeGarbageCollector.Instance;
    private readonly ILogger logger = logger ?? NullLogger.Instance;
    private GcFigures? last;
    private long baseline = long.MaxValue;
    private DateTimeOffset? lastTrim;

    /// <summary>Collections this trimmer has made.</summary>
    public int Trims { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            while (true)
            {
                await Task.Delay(options.Interval, time, cancellationToken).ConfigureAwait(false);
                Tick();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One look: trims when the process was quiet since the previous look and the GC's footprint grew past the threshold.</summary>
    public bool Tick()
    {
        var now = gc.Read();
        var quiet = last is not null && now.Collections == last.Collections && now.AllocatedBytes - last.AllocatedBytes < options.QuietAllocationBytes;
        last = now;
        baseline = Math.Min(baseline, now.FootprintBytes); // follows the heap down when the GC gives memory back itself
        var grown = now.FootprintBytes - baseline;
        if (!quiet || grown < options.MinGrowthBytes || grown < baseline * options.MinGrowthRatio
            || (lastTrim is { } previous && time.GetUtcNow() - previous < options.MinTimeBetweenTrims))
        {
            return false;
        }

        gc.CollectAggressively();
        lastTrim = time.GetUtcNow();
        Trims++;
        last = gc.Read();
        baseline = last.FootprintBytes;
        Log.MemoryTrimmed(logger, (now.FootprintBytes - last.FootprintBytes) >> 20, last.FootprintBytes >> 20);
        return true;
    }
}
