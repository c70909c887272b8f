using ElasticCompute.Runtime.Informers;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Runtime.Tests.Informers;

public sealed class SharedInformerTests : IAsyncDisposable
{
    private static readonly ResourceKind ConfigMaps = ResourceKind.Of<V1ConfigMap>();
    private readonly FakeTimeProvider time = new();
    private readonly FakeListWatch fake = new();
    private readonly RecordingHandler handler = new();
    private readonly CancellationTokenSource stop = new();
    private Task? run;

    [Fact]
    public async Task Lists_in_pages_then_watches_from_the_lists_resource_version_with_a_5_to_10_minute_timeout()
    {
        fake.ListAnswers.Enqueue(r => new ListPage<V1ConfigMap>([FakeListWatch.Map("a", "1")], "", "page2"));
        fake.ListAnswers.Enqueue(r => new ListPage<V1ConfigMap>([FakeListWatch.Map("b", "2")], "10", null));
        var informer = Start();

        await Eventually.True(() => fake.WatchCount == 1, "watch started");
        Assert.True(informer.HasSynced);
        Assert.Equal([null, "page2"], fake.Lists.Select(l => l.Continue));
        Assert.All(fake.Lists, l => Assert.Equal(500, l.Limit));
        Assert.Equal("10", fake.LastWatch.ResourceVersion);
        Assert.InRange(fake.LastWatch.TimeoutSeconds, 300, 600);
        Assert.Equal(2, informer.Cache.Count);
        Assert.Equal(["add a@1", "add b@2"], handler.Seen);
    }

    [Fact]
    public async Task Keeps_annotations_but_not_kubectls_copy_of_the_manifest()
    {
        var applied = FakeListWatch.Map("a", "1");
        applied.Metadata.Annotations = new Dictionary<string, string>
        {
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"apiVersion\":\"v1\"}",
            ["elasticcompute.io/restart-on-resize"] = "true",
        };
        var onlyApplied = FakeListWatch.Map("b", "2");
        onlyApplied.Metadata.Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/last-applied-configuration"] = "{}" };
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([applied, onlyApplied], "5", null));
        var informer = Start();
        await Eventually.True(() => fake.WatchCount == 1, "watch started");

        Assert.Equal(["elasticcompute.io/restart-on-resize"], informer.Cache.Find("ns", "a")!.Metadata.Annotations!.Keys);
        Assert.Null(informer.Cache.Find("ns", "b")!.Metadata.Annotations);
    }

    [Fact]
    public async Task Drops_managed_fields_before_caching()
    {
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([FakeListWatch.Map("a", "1")], "5", null));
        var informer = Start();
        await Eventually.True(() => fake.WatchCount == 1, "watch started");
        fake.Current.Writer.TryWrite(new WatchEvent<V1ConfigMap>(WatchEventType.Added, FakeListWatch.Map("b", "6")));
        await Eventually.True(() => informer.Cache.Count == 2, "b cached");
        Assert.All(informer.Cache.List(), m => Assert.Null(m.Metadata.ManagedFields));
    }

    [Fact]
    public async Task Resumes_a_closed_watch_from_the_last_seen_resource_version_and_bookmarks_advance_it()
    {
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([FakeListWatch.Map("a", "1")], "5", null));
        var informer = Start();
        await Eventually.True(() => fake.WatchCount == 1, "watch started");

        fake.Current.Writer.TryWrite(new WatchEvent<V1ConfigMap>(WatchEventType.Modified, FakeListWatch.Map("a", "7", "x")));
        fake.Current.Writer.TryWrite(null);
        await Eventually.True(() => fake.WatchCount == 2, "watch resumed");
        Assert.Equal("7", fake.LastWatch.ResourceVersion);

        fake.Current.Writer.TryWrite(new WatchEvent<V1ConfigMap>(WatchEventType.Bookmark, null, "42"));
        fake.Current.Writer.TryWrite(null);
        await Eventually.True(() => fake.WatchCount == 3, "watch resumed after bookmark");
        Assert.Equal("42", fake.LastWatch.ResourceVersion);
        Assert.Equal(1, fake.ListCount); // resumed, never relisted
        Assert.Equal(["add a@1", "update a@7"], handler.Seen);
        Assert.Equal("x", informer.Cache.Find("ns", "a")!.Data["k"]);
    }

    [Fact]
    public async Task Gone_relists_and_emits_deletes_for_vanished_and_updates_for_changed_objects()
    {
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>(
            [FakeListWatch.Map("a", "1"), FakeListWatch.Map("b", "2"), FakeListWatch.Map("c", "3")], "5", null));
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>(
            [FakeListWatch.Map("a", "1"), FakeListWatch.Map("b", "9"), FakeListWatch.Map("d", "10")], "12", null));
        var informer = Start();
        await Eventually.True(() => fake.WatchCount == 1, "watch started");
        var unchanged = informer.Cache.Find("ns", "a");

        fake.Current.Writer.TryWrite(new WatchEvent<V1ConfigMap>(WatchEventType.Error, null, null,
            new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version: 5 (11)" }));
        await Eventually.True(() => fake.WatchCount == 2, "watch after relist");

        // An object the relist found unchanged keeps its cached instance (no second copy of the cache while relisting).
        Assert.Same(unchanged, informer.Cache.Find("ns", "a"));

        Assert.Equal(2, fake.ListCount);
        Assert.Equal("12", fake.LastWatch.ResourceVersion);
        Assert.Equal(["add a@1", "add b@2", "add c@3", "delete c", "update b@9", "add d@10"], handler.Seen);
        Assert.Equal(["a", "b", "d"], informer.Cache.List().Select(m => m.Metadata.Name).Order());
    }

    [Fact]
    public async Task A_relist_asks_for_held_versions_by_key_and_treats_them_as_seen()
    {
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([FakeListWatch.Map("a", "1"), FakeListWatch.Map("b", "2"), FakeListWatch.Map("c", "3")], "5", null));

        // The relist's list leaves out what the informer says it holds, as the HTTP list does.
        List<string> heldAsked = [];
        fake.ListAnswers.Enqueue(request =>
        {
            var listed = new[] { FakeListWatch.Map("a", "1"), FakeListWatch.Map("b", "9") };
            var held = listed.Where(m => request.IsHeld!(m.Metadata.NamespaceProperty, m.Metadata.Name, m.Metadata.ResourceVersion)).ToList();
            heldAsked.AddRange(held.Select(m => m.Metadata.Name));
            return new ListPage<V1ConfigMap>([.. listed.Except(held)], "12", null, [.. held.Select(ObjectKey.Of)]);
        });
        var informer = Start();
        await Eventually.True(() => fake.WatchCount == 1, "watch started");
        var unchanged = informer.Cache.Find("ns", "a");

        fake.Current.Writer.TryWrite(new WatchEvent<V1ConfigMap>(WatchEventType.Error, null, null, new V1Status { Code = 410 }));
        await Eventually.True(() => fake.WatchCount == 2, "watch after relist");

        Assert.Equal(["a"], heldAsked);
        Assert.Same(unchanged, informer.Cache.Find("ns", "a"));
        Assert.Equal(["add a@1", "add b@2", "add c@3", "delete c", "update b@9"], handler.Seen);
        Assert.Equal(["a", "b"], informer.Cache.List().Select(m => m.Metadata.Name).Order());
    }

    [Fact]
    public async Task Repeated_gone_backs_off_instead_of_looping()
    {
        for (var i = 0; i < 5; i++)
        {
            fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([], "5", null));
        }

        fake.WatchFailures.Enqueue(new ApiStatusException(410, null));
        fake.WatchFailures.Enqueue(new ApiStatusException(410, null));
        fake.WatchFailures.Enqueue(new ApiStatusException(410, null));
        Start();

        // first 410: relist at once; second 410 in a row: wait for a back-off on the clock
        await Eventually.True(() => fake.ListCount == 2 && fake.WatchCount == 2, "relisted once");
        await Task.Delay(200);
        Assert.Equal(2, fake.ListCount);
        time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.True(() => fake.ListCount == 3, "relisted after the back-off");
    }

    [Fact]
    public async Task Errors_back_off_with_bounded_jitter_including_the_first_connect()
    {
        var failing = true;
        fake.ListAnswers.Enqueue(_ => throw new HttpRequestException("connection refused"));
        fake.ListAnswers.Enqueue(_ => throw new HttpRequestException("connection refused"));
        fake.ListAnswers.Enqueue(_ =>
        {
            failing = false;
            return new ListPage<V1ConfigMap>([], "5", null);
        });
        var informer = Start(new BackoffOptions { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(30), Jitter = 0.5 });
        await Eventually.True(() => fake.ListCount == 1, "first try");
        Assert.False(informer.HasSynced);

        // first back-off is 1 s .. 1.5 s
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(100);
        Assert.Equal(1, fake.ListCount);
        time.Advance(TimeSpan.FromMilliseconds(501));
        await Eventually.True(() => fake.ListCount == 2, "second try");

        // second is 2 s .. 3 s
        await Task.Delay(100);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Delay(100);
        Assert.Equal(2, fake.ListCount);
        Assert.False(((IInformerRunner)informer).IsWatchHealthy(TimeSpan.FromSeconds(1)));
        Assert.True(((IInformerRunner)informer).IsWatchHealthy(TimeSpan.FromMinutes(1)));
        time.Advance(TimeSpan.FromMilliseconds(1001));
        await Eventually.True(() => informer.HasSynced, "synced");
        Assert.False(failing);
        Assert.True(((IInformerRunner)informer).IsWatchHealthy(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Backoff_jitter_stays_within_its_bounds_and_caps()
    {
        var backoff = new Backoff(new BackoffOptions { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(30), Jitter = 0.5 }, new Random(7));
        for (var n = 0; n < 12; n++)
        {
            var baseSeconds = Math.Min(30, Math.Pow(2, n));
            Assert.InRange(backoff.Next().TotalSeconds, baseSeconds, baseSeconds * 1.5);
        }
    }

    [Fact]
    public async Task Handlers_added_later_get_the_cached_objects_and_indexes_follow_owners()
    {
        var owned = FakeListWatch.Map("a", "1");
        owned.Metadata.OwnerReferences = [new V1OwnerReference { Controller = true, Uid = "owner-1", Kind = "X", Name = "x", ApiVersion = "v1" }];
        fake.ListAnswers.Enqueue(_ => new ListPage<V1ConfigMap>([owned, FakeListWatch.Map("b", "2")], "5", null));
        var informer = new SharedInformer<V1ConfigMap>(fake, ConfigMaps, new InformerOptions(), time);
        informer.AddIndexer(CacheIndexes.ControllerOwnerUid, CacheIndexes.ByControllerOwnerUid);
        run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(20));
        var late = new RecordingHandler();
        informer.AddEventHandler(late);
        Assert.Equal(2, late.Seen.Count);
        Assert.Equal("a", Assert.Single(informer.Cache.ByIndex(CacheIndexes.ControllerOwnerUid, "owner-1")).Metadata.Name);

        fake.Current.Writer.TryWrite(new WatchEvent<V1ConfigMap>(WatchEventType.Deleted, FakeListWatch.Map("a", "6")));
        await Eventually.True(() => informer.Cache.Count == 1, "a deleted");
        Assert.Empty(informer.Cache.ByIndex(CacheIndexes.ControllerOwnerUid, "owner-1"));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (run is not null)
        {
            await run.WaitAsync(TimeSpan.FromSeconds(20));
        }

        stop.Dispose();
    }

    private SharedInformer<V1ConfigMap> Start(BackoffOptions? backoff = null)
    {
        var informer = new SharedInformer<V1ConfigMap>(fake, ConfigMaps,
            new InformerOptions { Backoff = backoff ?? new BackoffOptions() }, time, random: new Random(1));
        informer.AddEventHandler(handler);
        run = informer.RunAsync(stop.Token);
        return informer;
    }
}
