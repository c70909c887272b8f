using ElasticCompute.Runtime.Memory;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Runtime.Tests.Memory;

public sealed class IdleMemoryTrimmerTests
{
    private const long MiB = 1 << 20;
    private readonly FakeGc gc = new();
    private readonly FakeTimeProvider clock = new();
    private readonly IdleMemoryTrimmerOptions options = new() { Interval = TimeSpan.FromSeconds(5), MinTimeBetweenTrims = TimeSpan.FromSeconds(30), MinSlackBytes = 16 * MiB, MinSlackRatio = 0.2 };

    [Fact]
    public void Trims_once_the_process_has_gone_a_whole_interval_without_a_collection()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 10, heap: 80 * MiB, committed: 130 * MiB);

        Assert.False(trimmer.Tick()); // first look: nothing to compare with yet
        Assert.True(trimmer.Tick()); // no collection since: quiet, 50 MiB slack
        Assert.Equal(1, gc.Aggressive);

        // After the trim the slack is gone and the next looks do nothing.
        Assert.False(trimmer.Tick());
        Assert.False(trimmer.Tick());
        Assert.Equal(1, gc.Aggressive);
    }

    [Fact]
    public void Trims_are_spaced_out()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 10, heap: 80 * MiB, committed: 130 * MiB);
        trimmer.Tick();
        Assert.True(trimmer.Tick());

        // Another burst leaves slack again: within the spacing it waits, after it it trims.
        gc.Set(collections: 20, heap: 80 * MiB, committed: 130 * MiB);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(trimmer.Tick());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(trimmer.Tick());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(trimmer.Tick());
        Assert.Equal(2, gc.Aggressive);
    }

    [Fact]
    public void A_busy_process_is_left_to_the_gc()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        for (var i = 0; i < 5; i++)
        {
            gc.Set(collections: 10 + i, heap: 80 * MiB, committed: 130 * MiB);
            Assert.False(trimmer.Tick());
        }

        Assert.Equal(0, gc.Aggressive);
    }

    [Theory]
    [InlineData(80, 95)] // 15 MiB: under the floor
    [InlineData(200, 230)] // 30 MiB: over the floor but 15% of the heap
    public void Small_slack_is_kept_for_the_next_allocations(long heapMiB, long committedMiB)
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 3, heap: heapMiB * MiB, committed: committedMiB * MiB);

        Assert.False(trimmer.Tick());
        Assert.False(trimmer.Tick());
        Assert.Equal(0, gc.Aggressive);
    }

    [Fact]
    public async Task Runs_on_the_injected_clock_until_cancelled()
    {
        var time = new FakeTimeProvider();
        var trimmer = new IdleMemoryTrimmer(options, time, gc);
        gc.Set(collections: 1, heap: 40 * MiB, committed: 100 * MiB);
        using var stop = new CancellationTokenSource();
        var running = trimmer.RunAsync(stop.Token);

        await Eventually.True(() => { time.Advance(TimeSpan.FromSeconds(1)); return gc.Reads >= 1; }, "first look");
        Assert.Equal(0, gc.Aggressive);
        time.Advance(options.Interval); // quiet for an interval: trimmed
        await Eventually.True(() => gc.Aggressive == 1, "trimmed");

        await stop.CancelAsync();
        await running;
        Assert.Equal(1, trimmer.Trims);
    }

    private sealed class FakeGc : IGarbageCollector
    {
        private GcFigures figures = new(0, 0, 0);
        private int reads;

        public int Aggressive { get; private set; }

        public int Reads => reads;

        public void Set(int collections, long heap, long committed) => figures = new GcFigures(collections, heap, committed);

        public GcFigures Read()
        {
            Interlocked.Increment(ref reads);
            return figures;
        }

        public void CollectAggressively()
        {
            Aggressive++;
            figures = new GcFigures(figures.Collections + 1, figures.HeapBytes, figures.HeapBytes + MiB);
        }
    }
}
