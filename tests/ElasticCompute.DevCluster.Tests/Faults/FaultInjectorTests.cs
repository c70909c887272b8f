using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Faults;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.DevCluster.Tests.Faults;

public sealed class FaultInjectorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(409, "Conflict")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    public async Task FailNext_fails_matching_requests_with_a_status_then_lets_them_through(int code, string reason)
    {
        await using var s = await FaultServer.StartAsync();
        await s.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        s.Faults.FailNext(2, "get", "configmaps", code);

        // Other verbs and resources are untouched.
        await s.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await s.Client.CoreV1.ReadNamespaceAsync("default");

        for (var i = 0; i < 2; i++)
        {
            var e = await Assert.ThrowsAsync<HttpOperationException>(() => s.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default"));
            Assert.Equal((HttpStatusCode)code, e.Response.StatusCode);
            var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
            Assert.Equal("Failure", status.Status);
            Assert.Equal(reason, status.Reason);
            Assert.Equal(code, status.Code);
        }

        var cm = await s.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        Assert.Equal("settings", cm.Metadata.Name);
        Assert.Empty(s.Faults.Active);
    }

    [Fact]
    public async Task A_conflict_names_the_object_as_the_api_server_does()
    {
        await using var s = await FaultServer.StartAsync();
        var cm = await s.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        s.Faults.FailNext(1, "update", "configmaps", 409);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => s.Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "settings", "default"));
        var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again", status.Message);
        Assert.Equal("settings", status.Details.Name);
        Assert.Equal("configmaps", status.Details.Kind);
        await s.Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "settings", "default");
    }

    [Fact]
    public async Task Too_many_requests_says_when_to_retry()
    {
        await using var s = await FaultServer.StartAsync();
        s.Faults.FailNext(1, "list", "namespaces", 429);
        using var response = await s.Http.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int?)status["details"]?["retryAfterSeconds"]);
        Assert.Equal("Too many requests, please try again later.", (string?)status["message"]);
    }

    [Fact]
    public async Task Resources_match_by_group_and_subresource_as_rbac_does()
    {
        await using var s = await FaultServer.StartAsync();
        await s.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        s.Faults.FailNext(1, null, "configmaps.apps", 500); // no such group: never matches
        s.Faults.FailNext(1, null, "namespaces/status", 500); // a subresource only
        await s.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        await s.Client.CoreV1.ReadNamespaceAsync("default");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => s.Client.CoreV1.ReadNamespaceStatusAsync("default"));
        Assert.Equal(HttpStatusCode.InternalServerError, e.Response.StatusCode);
        Assert.Single(s.Faults.Active);
    }

    [Fact]
    public async Task A_delay_holds_the_request_until_its_time_has_passed()
    {
        var time = new FakeTimeProvider();
        await using var s = await FaultServer.StartAsync(time);
        s.Faults.Delay(TimeSpan.FromSeconds(5), count: 1, verb: "get", resource: "namespaces");
        var read = s.Client.CoreV1.ReadNamespaceAsync("default");
        await Until(() => s.Faults.DelayedRequests == 1);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(read.IsCompleted);
        Assert.Equal(1, s.Faults.DelayedRequests);
        time.Advance(TimeSpan.FromSeconds(1));
        var ns = await read.WaitAsync(Patience);
        Assert.Equal("default", ns.Metadata.Name);
        Assert.Equal(0, s.Faults.DelayedRequests);

        // A delay for a duration ends when the duration does.
        s.Faults.Delay(TimeSpan.FromSeconds(1), duration: TimeSpan.FromMinutes(1));
        Assert.Single(s.Faults.Active);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(s.Faults.Active);
        await s.Client.CoreV1.ReadNamespaceAsync("default").WaitAsync(Patience);
    }

    [Fact]
    public void Faults_are_bounded()
    {
        var faults = new FaultInjector();
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext(0, null, null, 500));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext(FaultInjector.MaxCount + 1, null, null, 500));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext(1, null, null, 404));
        Assert.Throws<ArgumentException>(() => faults.FailNext(1, "destroy", null, 500));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Delay(TimeSpan.FromSeconds(31), count: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Delay(TimeSpan.FromSeconds(1), duration: TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentException>(() => faults.Delay(TimeSpan.FromSeconds(1)));
        for (var i = 0; i < FaultInjector.MaxRules; i++)
        {
            faults.FailNext(1, null, null, 500);
        }

        Assert.Throws<InvalidOperationException>(() => faults.FailNext(1, null, null, 500));
        faults.Reset();
        Assert.Empty(faults.Active);
        Assert.Throws<InvalidOperationException>(() => faults.DropWatches()); // not attached to a store
    }

    [Fact]
    public async Task DropWatches_ends_an_open_watch_and_a_new_one_from_the_last_version_loses_nothing()
    {
        await using var s = await FaultServer.StartAsync();
        var list = await s.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        var seen = new List<string>();
        var lastVersion = list.Metadata.ResourceVersion;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (s.Client.CoreV1.WatchListNamespacedConfigMap(
            "default",
            resourceVersion: lastVersion,
            onEvent: (type, cm) =>
            {
                lock (seen)
                {
                    seen.Add(cm.Metadata.Name);
                    lastVersion = cm.Metadata.ResourceVersion;
                }

                first.TrySetResult();
            },
            onError: e => closed.TrySetException(e),
            onClosed: () => closed.TrySetResult()))
        {
            await s.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
            await first.Task.WaitAsync(Patience);
            Assert.True(s.Faults.DropWatches() >= 1);
            await closed.Task.WaitAsync(Patience);
        }

        // Written while nobody watched: a watch from the last version seen must deliver them.
        await s.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default");
        await s.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        var resumed = new List<(WatchEventType, string)>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (s.Client.CoreV1.WatchListNamespacedConfigMap(
            "default",
            resourceVersion: lastVersion,
            onEvent: (type, cm) =>
            {
                lock (resumed)
                {
                    resumed.Add((type, cm.Metadata.Name));
                    if (resumed.Count == 2)
                    {
                        done.TrySetResult();
                    }
                }
            },
            onError: e => done.TrySetException(e)))
        {
            await done.Task.WaitAsync(Patience);
        }

        Assert.Equal(["a"], seen);
        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Deleted, "a")], resumed);
    }

    [Fact]
    public async Task After_CompactHistory_a_watch_from_an_old_version_gets_410_Gone()
    {
        await using var s = await FaultServer.StartAsync();
        var old = await s.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        await s.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default");
        s.Faults.CompactHistory();

        var error = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (s.Client.CoreV1.WatchListNamespacedConfigMap("default", resourceVersion: old.Metadata.ResourceVersion, onEvent: (_, _) => { }, onError: e => error.TrySetResult(e)))
        {
            var e = await error.Task.WaitAsync(Patience);
            var gone = Assert.IsType<KubernetesException>(e);
            Assert.Equal(410, gone.Status.Code);
            Assert.Equal("Expired", gone.Status.Reason);
        }
    }

    [Fact]
    public async Task The_admin_endpoints_add_list_reset_drop_and_compact()
    {
        await using var s = await FaultServer.StartAsync();
        using var add = await s.Http.PostAsync(
            new Uri("/admin/faults", UriKind.Relative),
            new StringContent("""{"type":"fail","verb":"get","resource":"namespaces","statusCode":500,"count":1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        var rule = JsonNode.Parse(await add.Content.ReadAsStringAsync())!;
        Assert.Equal("fail", (string?)rule["kind"]);

        var listed = JsonNode.Parse(await s.Http.GetStringAsync(new Uri("/admin/faults", UriKind.Relative)))!;
        Assert.Single(listed["faults"]!.AsArray());
        Assert.Equal(500, (int?)listed["faults"]![0]!["statusCode"]);

        using (var failed = await s.Http.GetAsync(new Uri("/api/v1/namespaces/default", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Equal("InternalError", (string?)JsonNode.Parse(await failed.Content.ReadAsStringAsync())!["reason"]);
        }

        using (var ok = await s.Http.GetAsync(new Uri("/api/v1/namespaces/default", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        s.Faults.FailNext(5, null, null, 503);
        using (var reset = await s.Http.DeleteAsync(new Uri("/admin/faults", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        Assert.Empty(s.Faults.Active);

        using (var drop = await s.Http.PostAsync(new Uri("/admin/faults/drop-watches", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, drop.StatusCode);
            Assert.NotNull(JsonNode.Parse(await drop.Content.ReadAsStringAsync())!["dropped"]);
        }

        var revision = s.Server.Store.Revision;
        using (var compact = await s.Http.PostAsync(new Uri("/admin/faults/compact", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, compact.StatusCode);
            Assert.Equal(s.Server.Store.CompactedRevision, long.Parse((string)JsonNode.Parse(await compact.Content.ReadAsStringAsync())!["compactedRevision"]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(s.Server.Store.CompactedRevision >= revision);
        }

        using (var bad = await s.Http.PostAsync(new Uri("/admin/faults", UriKind.Relative), new StringContent("""{"type":"fail","statusCode":404}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("BadRequest", (string?)JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["reason"]);
        }

        using (var missing = await s.Http.GetAsync(new Uri("/admin/faults/nothing", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var wrongMethod = await s.Http.GetAsync(new Uri("/admin/faults/compact", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(10);
        }
    }

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };
}
