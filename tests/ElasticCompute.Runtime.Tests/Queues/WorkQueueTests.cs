using ElasticCompute.Runtime.Queues;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Runtime.Tests.Queues;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task Duplicate_keys_collapse()
    {
        var queue = new WorkQueue<string>(time);
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        Assert.Equal(2, queue.Length);
        Assert.Equal("a", (await queue.GetAsync(default)).Key);
        Assert.Equal("b", (await queue.GetAsync(default)).Key);
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task A_key_being_processed_is_not_handed_out_again_until_done()
    {
        var queue = new WorkQueue<string>(time);
        queue.Add("a");
        var first = await queue.GetAsync(default);
        queue.Add("a"); // re-added while processing
        Assert.Equal(0, queue.Length);
        var second = queue.GetAsync(default).AsTask();
        await Task.Yield();
        Assert.False(second.IsCompleted);

        queue.Done(first.Key);
        Assert.Equal("a", (await second.WaitAsync(TimeSpan.FromSeconds(10))).Key);
    }

    [Fact]
    public async Task Two_workers_never_get_the_same_key()
    {
        var queue = new WorkQueue<int>(time);
        var inFlight = new HashSet<int>();
        var overlaps = 0;
        var processed = 0;
        async Task Worker()
        {
            while (true)
            {
                var next = await queue.GetAsync(default);
                if (next.IsShutDown)
                {
                    return;
                }

                lock (inFlight)
                {
                    if (!inFlight.Add(next.Key))
                    {
                        overlaps++;
                    }
                }

                await Task.Yield();
                lock (inFlight)
                {
                    inFlight.Remove(next.Key);
                    processed++;
                }

                queue.Done(next.Key);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(Worker)).ToArray();
        for (var round = 0; round < 200; round++)
        {
            queue.Add(round % 3);
            await Task.Yield();
        }

        await queue.ShutDownWithDrainAsync(default);
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, overlaps);
        Assert.True(processed >= 3);
    }

    [Fact]
    public void Backoff_grows_5ms_times_2_to_the_n_capped_at_1000s_and_forget_resets_it()
    {
        var limiter = new ExponentialRateLimiter<string>();
        var delays = Enumerable.Range(0, 30).Select(_ => limiter.NextDelay("a")).ToArray();
        for (var n = 0; n < 18; n++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(5 * Math.Pow(2, n)), delays[n]);
        }

        Assert.Equal(TimeSpan.FromSeconds(1000), delays[18]); // 5ms * 2^18 = 1310 s > cap
        Assert.All(delays[18..], d => Assert.Equal(TimeSpan.FromSeconds(1000), d));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.NextDelay("b"));

        limiter.Forget("a");
        Assert.Equal(0, limiter.Failures("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.NextDelay("a"));
    }

    [Fact]
    public async Task AddRateLimited_waits_the_back_off_on_the_time_provider()
    {
        var queue = new WorkQueue<string>(time);
        queue.AddRateLimited("a"); // 5 ms
        queue.AddRateLimited("a"); // the pending earlier add wins
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal(2, queue.Requeues("a"));
        var item = await queue.GetAsync(default);
        queue.Done(item.Key);

        queue.AddRateLimited("a"); // third failure: 20 ms
        time.Advance(TimeSpan.FromMilliseconds(19));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public void AddAfter_adds_when_the_delay_passes_and_an_earlier_delay_replaces_a_later_one()
    {
        var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal(0, queue.Delayed);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public async Task Shut_down_hands_out_what_is_queued_then_reports_shut_down_and_drains_in_flight_work()
    {
        var queue = new WorkQueue<string>(time);
        queue.Add("a");
        queue.Add("b");
        var a = await queue.GetAsync(default);
        var drain = queue.ShutDownWithDrainAsync(default);
        queue.Add("c"); // ignored after shut down
        Assert.Equal("b", (await queue.GetAsync(default)).Key);
        Assert.True((await queue.GetAsync(default)).IsShutDown);
        queue.Done("b");
        Assert.False(drain.IsCompleted);
        queue.Done(a.Key);
        await drain.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_waiting_worker_wakes_on_shut_down()
    {
        var queue = new WorkQueue<string>(time);
        var waiting = queue.GetAsync(default).AsTask();
        queue.ShutDown();
        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).IsShutDown);
    }
}
