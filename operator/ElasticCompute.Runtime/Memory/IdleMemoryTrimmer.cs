using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Runtime.Memory;

/// <summary>
/// Gives memory back to the operating system once the process goes quiet after a burst (a relist, thousands of
/// machines created at once). The GC gives free regions back only while it is collecting; a quiet process does not
/// collect, so what a burst committed stays resident for good, up to a second copy of the caches. When no collection
/// has happened for a whole interval and the slack is large, one aggressive collection returns it (tens of
/// milliseconds on a heap of 100 MiB, and only after a burst). Go's runtime does the same on its own (its scavenger).
/// </summary>
public sealed class IdleMemoryTrimmer(IdleMemoryTrimmerOptions options, TimeProvider? time = null, IGarbageCollector? gc = null, ILogger? logger = null)
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly IGarbageCollector gc = gc ?? RuntimeGarbageCollector.Instance;
    private readonly ILogger logger = logger ?? NullLogger.Instance;
    private GcFigures? last;
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

    /// <summary>One look: trims when nothing was collected since the previous look and the slack is over the threshold.</summary>
    public bool Tick()
    {
        var now = gc.Read();
        var quiet = last is not null && now.Collections == last.Collections;
        last = now;
        if (!quiet || now.SlackBytes < options.MinSlackBytes || now.SlackBytes < now.HeapBytes * options.MinSlackRatio
            || (lastTrim is { } previous && time.GetUtcNow() - previous < options.MinTimeBetweenTrims))
        {
            return false;
        }

        gc.CollectAggressively();
        lastTrim = time.GetUtcNow();
        Trims++;
        last = gc.Read();
        Log.MemoryTrimmed(logger, now.SlackBytes >> 20, last.CommittedBytes >> 20);
        return true;
    }
}
