using System.Net;
using System.Text;
using ElasticCompute.Runtime.Informers;
using k8s;
using WatchEventType = ElasticCompute.Runtime.Informers.WatchEventType;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Informers;

public sealed class HttpListWatchTests
{
    private const string Page = """
        {"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"40","continue":"next-page"},"items":[
          {"metadata":{"name":"a","namespace":"ns","resourceVersion":"7","managedFields":[{"manager":"kubectl"}]},"data":{"k":"x"}},
          {"metadata":{"name":"b","namespace":"ns","resourceVersion":"8"},"data":{"k":"y"}},
          {"metadata":{"name":"c","namespace":"ns","resourceVersion":"9"},"data":{"k":"z"}}]}
        """;

    [Fact]
    public async Task A_list_page_deserializes_every_item_and_reads_version_and_continue_token()
    {
        var (listWatch, requests) = Serve(Page);

        var page = await listWatch.ListAsync(new ListRequest(500, "tok", "app=x"), CancellationToken.None);

        Assert.Equal(["a", "b", "c"], page.Items.Select(m => m.Metadata.Name));
        Assert.Equal("x", page.Items[0].Data["k"]);
        Assert.Equal("40", page.ResourceVersion);
        Assert.Equal("next-page", page.Continue);
        Assert.Null(page.Held);
        Assert.Equal("/api/v1/namespaces/ns/configmaps?limit=500&continue=tok&labelSelector=app%3Dx", requests.Single());
    }

    [Fact]
    public async Task Items_whose_version_the_caller_holds_come_back_as_keys_only()
    {
        var (listWatch, _) = Serve(Page);
        List<string> asked = [];

        var page = await listWatch.ListAsync(new ListRequest(500, IsHeld: (ns, name, rv) =>
        {
            asked.Add($"{ns}/{name}@{rv}");
            return name != "b"; // a and c held; b changed
        }), CancellationToken.None);

        Assert.Equal(["ns/a@7", "ns/b@8", "ns/c@9"], asked);
        Assert.Equal(["b"], page.Items.Select(m => m.Metadata.Name));
        Assert.Equal(["ns/a", "ns/c"], page.Held);
    }

    [Fact]
    public void Watch_events_deserialize_objects_and_statuses()
    {
        var added = HttpListWatch<V1ConfigMap>.ParseEvent("""{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"3"},"data":{"k":"v"}}}""");
        var bookmark = HttpListWatch<V1ConfigMap>.ParseEvent("""{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"99"}}}""");
        var error = HttpListWatch<V1ConfigMap>.ParseEvent("""{"type":"ERROR","object":{"kind":"Status","code":410,"message":"too old"}}""");

        Assert.Equal((WatchEventType.Added, "a", "v"), (added.Type, added.Item!.Metadata.Name, added.Item.Data["k"]));
        Assert.Equal((WatchEventType.Bookmark, "99"), (bookmark.Type, bookmark.ResourceVersion));
        Assert.Equal((WatchEventType.Error, 410, "too old"), (error.Type, error.Status!.Code, error.Status.Message));
    }

    [Fact]
    public async Task A_watch_stream_is_read_however_the_network_splits_it()
    {
        // Seven bytes at a time: lines, and the two-byte "ü", arrive in pieces.
        const string Stream = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"3\"},\"data\":{\"k\":\"grün\"}}}\n"
            + "\n"
            + "{\"object\":{\"metadata\":{\"name\":\"b\",\"resourceVersion\":\"4\"}},\"type\":\"MODIFIED\"}\n"
            + "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"5\"}}}\n"
            + "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"c\",\"resourceVersion\":\"6\"}}}";
        var (listWatch, requests) = Serve(Stream, chunk: 7);

        var events = new List<WatchEvent<V1ConfigMap>>();
        await foreach (var e in listWatch.WatchAsync(new WatchRequest("2", 300), CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Equal(
            [(WatchEventType.Added, "a", "3"), (WatchEventType.Modified, "b", "4"), (WatchEventType.Bookmark, null, "5"), (WatchEventType.Deleted, "c", "6")],
            events.Select(e => (e.Type, e.Item?.Metadata.Name, e.Item?.Metadata.ResourceVersion ?? e.ResourceVersion)));
        Assert.Equal("grün", events[0].Item!.Data["k"]);
        Assert.Equal("/api/v1/namespaces/ns/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=2", requests.Single());
    }

    private static (HttpListWatch<V1ConfigMap> ListWatch, List<string> Requests) Serve(string body, int chunk = int.MaxValue)
    {
        List<string> requests = [];
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://cluster.test" }, new CannedHandler(body, requests, chunk));
        return (new HttpListWatch<V1ConfigMap>(client, ResourceKind.Of<V1ConfigMap>(), "ns"), requests);
    }

    /// <summary>Answers every request with one body, recording the path and query asked for.</summary>
    private sealed class CannedHandler(string body, List<string> requests, int chunk) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Add(request.RequestUri!.PathAndQuery);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(body), chunk)) });
        }
    }

    /// <summary>A body that gives at most <c>chunk</c> bytes per read, as a network might.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
