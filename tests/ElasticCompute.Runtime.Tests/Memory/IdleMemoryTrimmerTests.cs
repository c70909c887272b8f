using ElasticCompute.Runtime.Memory;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Runtime.Tests.Memory;

public sealed class IdleMemoryTrimmerTests
{
    private const long MiB = 1 << 20;
    private readonly FakeGc gc = new();
    private readonly FakeTimeProvider clock = new();
    private readonly IdleMemoryTrimmerOptions options = new()
    {
        Interval = TimeSpan.FromSeconds(5), MinTimeBetweenTrims = TimeSpan.FromSeconds(30), MinGrowthBytes = 8 * MiB, MinGrowthRatio = 0.15, QuietAllocationBytes = MiB,
    };

    [Fact]
    public void Trims_once_the_process_goes_a_whole_interval_without_a_collection_after_a_burst()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 10, heap: 60 * MiB, committed: 64 * MiB);
        Assert.False(trimmer.Tick()); // first look: the baseline

        gc.Set(collections: 40, heap: 110 * MiB, committed: 130 * MiB); // a burst: collections, growth
        Assert.False(trimmer.Tick()); // still collecting: busy
        Assert.True(trimmer.Tick()); // no collection since: quiet, 66 MiB over the baseline
        Assert.Equal(1, gc.Aggressive);

        // What the trim left is the new baseline: the next looks do nothing.
        Assert.False(trimmer.Tick());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(trimmer.Tick());
        Assert.Equal(1, gc.Aggressive);
    }

    [Fact]
    public void Garbage_in_the_heap_counts_as_well_as_free_regions()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 1, heap: 46 * MiB, committed: 46 * MiB);
        trimmer.Tick();

        // A relist's garbage promoted to gen2: the heap itself grew, with no free regions to speak of.
        gc.Set(collections: 9, heap: 79 * MiB, committed: 80 * MiB);
        trimmer.Tick();
        Assert.True(trimmer.Tick());
    }

    [Fact]
    public void Allocations_since_the_last_collection_count_and_allocating_is_not_quiet()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 1, heap: 46 * MiB, committed: 46 * MiB, allocated: 100 * MiB);
        trimmer.Tick();

        // A relist allocates 15 MiB without reaching the gen0 budget: no collection, the last collection's figures unchanged.
        gc.Set(collections: 1, heap: 61 * MiB, committed: 46 * MiB, allocated: 115 * MiB);
        Assert.False(trimmer.Tick()); // allocating: not quiet
        Assert.True(trimmer.Tick()); // then quiet, 15 MiB grown
    }

    [Fact]
    public void A_busy_process_is_left_to_the_gc()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        for (var i = 0; i < 5; i++)
        {
            gc.Set(collections: 10 + i, heap: 80 * MiB, committed: (64 + (30 * i)) * MiB);
            Assert.False(trimmer.Tick());
        }

        Assert.Equal(0, gc.Aggressive);
    }

    [Theory]
    [InlineData(64, 71)] // 7 MiB: under the floor
    [InlineData(200, 225)] // 25 MiB: over the floor but 12.5% of the baseline
    public void Small_growth_is_kept_for_the_next_allocations(long baselineMiB, long committedMiB)
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 1, heap: baselineMiB * MiB, committed: baselineMiB * MiB);
        trimmer.Tick();
        gc.Set(collections: 2, heap: baselineMiB * MiB, committed: committedMiB * MiB);
        trimmer.Tick();

        Assert.False(trimmer.Tick());
        Assert.Equal(0, gc.Aggressive);
    }

    [Fact]
    public void The_baseline_follows_the_heap_down()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 1, heap: 120 * MiB, committed: 120 * MiB);
        trimmer.Tick();
        gc.Set(collections: 2, heap: 40 * MiB, committed: 40 * MiB); // machines deleted; the GC gave it back itself
        trimmer.Tick();
        gc.Set(collections: 3, heap: 70 * MiB, committed: 70 * MiB);
        trimmer.Tick();

        Assert.True(trimmer.Tick()); // 30 MiB over 40, not under 120
    }

    [Fact]
    public void Trims_are_spaced_out()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 1, heap: 60 * MiB, committed: 60 * MiB);
        trimmer.Tick();
        gc.Set(collections: 10, heap: 80 * MiB, committed: 130 * MiB);
        trimmer.Tick();
        Assert.True(trimmer.Tick());

        // Another burst: within the spacing it waits, after it it trims.
        gc.Set(collections: 20, heap: 80 * MiB, committed: 160 * MiB);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(trimmer.Tick());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(trimmer.Tick());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(trimmer.Tick());
        Assert.Equal(2, gc.Aggressive);
    }

    [Fact]
    public async Task Runs_on_the_injected_clock_until_cancelled()
    {
        var trimmer = new IdleMemoryTrimmer(options, clock, gc);
        gc.Set(collections: 1, heap: 40 * MiB, committed: 40 * MiB);
        using var stop = new CancellationTokenSource();
        var running = trimmer.RunAsync(stop.Token);

        await Eventually.True(() => { clock.Advance(TimeSpan.FromSeconds(1)); return gc.Reads >= 1; }, "first look");
        gc.Set(collections: 5, heap: 90 * MiB, committed: 100 * MiB);
        await Eventually.True(() => { clock.Advance(TimeSpan.FromSeconds(1)); return gc.Aggressive == 1; }, "trimmed after going quiet");

        await stop.CancelAsync();
        await running;
        Assert.Equal(1, trimmer.Trims);
    }

    private sealed class FakeGc : IGarbageCollector
    {
        private GcFigures figures = new(0, 0, 0);
        private int reads;

        public int Aggressive { get; private set; }

        public int Reads => Volatile.Read(ref reads);

        public void Set(int collections, long heap, long committed, long allocated = 0) => figures = new GcFigures(collections, heap, committed, allocated);

        public GcFigures Read()
        {
            Interlocked.Increment(ref reads);
            return figures;
        }

        public void CollectAggressively()
        {
            Aggressive++;
            figures = figures with { Collections = figures.Collections + 1, CommittedBytes = figures.HeapBytes + MiB };
        }
    }
}
