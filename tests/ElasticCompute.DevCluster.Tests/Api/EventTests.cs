using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.DevCluster.Tests.Api;

/// <summary>
/// Events are one resource served in two shapes, as in Kubernetes: what a controller records through
/// events.k8s.io/v1 is what <c>kubectl get events</c> and <c>kubectl describe</c> read through core/v1.
/// </summary>
public sealed class EventTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private Kubernetes Client => cluster.Client;

    [Fact]
    public async Task An_event_recorded_through_events_k8s_io_is_a_core_event_in_get_list_and_watch()
    {
        var ns = await cluster.NamespaceAsync();
        var about = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns);
        var before = cluster.Server.Store.Revision;

        var created = await Client.EventsV1.CreateNamespacedEventAsync(Event(ns, "settings.1", about, "Synced", "settings are in place"), ns);
        Assert.Equal("settings are in place", created.Note);
        Assert.Equal("settings", created.Regarding.Name);

        var core = await Client.CoreV1.ReadNamespacedEventAsync("settings.1", ns);
        Assert.Equal(created.Metadata.Uid, core.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, core.Metadata.ResourceVersion);
        Assert.Equal("settings are in place", core.Message);
        Assert.Equal("ConfigMap", core.InvolvedObject.Kind);
        Assert.Equal(about.Metadata.Uid, core.InvolvedObject.Uid);
        Assert.Equal("elasticcompute.io/tests", core.ReportingComponent);
        Assert.Equal("Synced", core.Reason);

        // What kubectl describe asks for: the events whose involvedObject is the object.
        var selected = await Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.uid={about.Metadata.Uid},involvedObject.kind=ConfigMap");
        Assert.Equal("settings.1", Assert.Single(selected.Items).Metadata.Name);
        Assert.Empty((await Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.uid=someone-else")).Items);
        Assert.Single((await Client.EventsV1.ListNamespacedEventAsync(ns, fieldSelector: $"regarding.uid={about.Metadata.Uid}")).Items);

        // A series recorded through one shape is seen through the other, and on both watches.
        var series = """{"series":{"count":2,"lastObservedTime":"2026-11-27T10:00:00.000000Z"}}""";
        await Client.EventsV1.PatchNamespacedEventAsync(new V1Patch(series, V1Patch.PatchType.MergePatch), "settings.1", ns);
        Assert.Equal(2, (await Client.CoreV1.ReadNamespacedEventAsync("settings.1", ns)).Series.Count);

        var coreWatch = await WatchAsync($"/api/v1/namespaces/{ns}/events", before);
        Assert.Equal(["ADDED", "MODIFIED"], coreWatch.Select(e => (string)e["type"]!));
        Assert.All(coreWatch, e => Assert.Equal("v1", (string?)e["object"]!["apiVersion"]));
        Assert.Equal("settings are in place", (string?)coreWatch[0]["object"]!["message"]);
        Assert.Null(coreWatch[0]["object"]!["note"]);
        Assert.Equal(2, (int)coreWatch[1]["object"]!["series"]!["count"]!);

        var eventsWatch = await WatchAsync($"/apis/events.k8s.io/v1/namespaces/{ns}/events", before);
        Assert.Equal(["ADDED", "MODIFIED"], eventsWatch.Select(e => (string)e["type"]!));
        Assert.Equal("events.k8s.io/v1", (string?)eventsWatch[0]["object"]!["apiVersion"]);
        Assert.Equal("settings", (string?)eventsWatch[0]["object"]!["regarding"]!["name"]);

        // One object: deleting it through core/v1 removes it from events.k8s.io/v1.
        await Client.CoreV1.DeleteNamespacedEventAsync("settings.1", ns);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => Client.EventsV1.ReadNamespacedEventAsync("settings.1", ns));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Events_k8s_io_events_are_validated_strictly_and_change_only_their_series()
    {
        var ns = await cluster.NamespaceAsync();
        var about = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns);

        var noTime = Event(ns, "bad.1", about, "Synced", "no time");
        noTime.EventTime = null;
        noTime.Type = "Info";
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.EventsV1.CreateNamespacedEventAsync(noTime, ns));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        Assert.Contains("eventTime: Required value", Message(refused), StringComparison.Ordinal);
        Assert.Contains("type: Invalid value: \"\": has invalid value: Info", Message(refused), StringComparison.Ordinal);

        var elsewhere = Event(ns, "bad.2", about, "Synced", new string('x', 1025));
        elsewhere.Regarding.NamespaceProperty = null; // a namespaced event about a cluster-scoped object
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => Client.EventsV1.CreateNamespacedEventAsync(elsewhere, ns));
        Assert.Contains("regarding.namespace: Invalid value: \"\": does not match event.namespace", Message(invalid), StringComparison.Ordinal);
        Assert.Contains("note: Invalid value: \"\": can have at most 1024 characters", Message(invalid), StringComparison.Ordinal);

        await Client.EventsV1.CreateNamespacedEventAsync(Event(ns, "good.1", about, "Synced", "in place"), ns);
        var edit = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.EventsV1.PatchNamespacedEventAsync(new V1Patch("""{"note":"rewritten"}""", V1Patch.PatchType.MergePatch), "good.1", ns));
        Assert.Contains("note: Invalid value: \"rewritten\": field is immutable", Message(edit), StringComparison.Ordinal);
        Assert.Equal("in place", (await Client.CoreV1.ReadNamespacedEventAsync("good.1", ns)).Message);

        var badSeries = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.EventsV1.PatchNamespacedEventAsync(new V1Patch("""{"series":{"count":1}}""", V1Patch.PatchType.MergePatch), "good.1", ns));
        Assert.Contains("series.count: Invalid value: \"\": should be at least 2", Message(badSeries), StringComparison.Ordinal);
        Assert.Contains("series.lastObservedTime: Required value", Message(badSeries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_get_events_and_describe_show_what_events_k8s_io_recorded()
    {
        var ns = await cluster.NamespaceAsync();
        var about = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns);
        await Client.EventsV1.CreateNamespacedEventAsync(Event(ns, "settings.1", about, "Synced", "settings are in place"), ns);
        var repeated = Event(ns, "settings.2", about, "Retried", "tried again");
        repeated.Type = "Warning";
        repeated.Series = new Eventsv1EventSeries { Count = 3, LastObservedTime = DateTime.UtcNow };
        await Client.EventsV1.CreateNamespacedEventAsync(repeated, ns);

        var get = (await cluster.KubectlAsync("get", "events", "-n", ns)).Succeeded();
        var lines = get.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.Contains("Normal    Synced", StringComparison.Ordinal) && l.Contains("configmap/settings   settings are in place", StringComparison.Ordinal));

        // The most common way to read events: kubectl sorts by a field only core/v1's serialization always has (null here).
        var sorted = (await cluster.KubectlAsync("get", "events", "-n", ns, "--sort-by=.lastTimestamp")).Succeeded();
        Assert.Equal(3, sorted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var json = JsonNode.Parse((await cluster.KubectlAsync("get", "events", "-n", ns, "-o", "json")).Succeeded().Output)!;
        var first = json["items"]![0]!.AsObject();
        Assert.True(first.ContainsKey("lastTimestamp") && first["lastTimestamp"] is null, first.ToJsonString());
        Assert.Equal("{}", first["source"]!.ToJsonString());
        Assert.Equal("tests-1", (string?)first["reportingInstance"]);

        var wide = (await cluster.KubectlAsync("get", "events", "-n", ns, "-o", "wide", "--field-selector", "reason=Retried")).Succeeded();
        Assert.Contains("COUNT", wide.Output, StringComparison.Ordinal);
        var row = wide.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Contains("elasticcompute.io/tests, tests-1", row, StringComparison.Ordinal);
        Assert.Matches(@"\s3\s+settings\.2\s*$", row);

        var describe = (await cluster.KubectlAsync("describe", "configmap", "settings", "-n", ns)).Succeeded();
        var events = describe.Output[describe.Output.IndexOf("Events:", StringComparison.Ordinal)..];
        Assert.Matches(@"Normal\s+Synced\s+\S+\s+elasticcompute.io/tests\s+settings are in place", events);
        Assert.Matches(@"Warning\s+Retried\s+\S+ \(x3 over \S+\)\s+elasticcompute.io/tests\s+tried again", events);
    }

    private static Eventsv1Event Event(string ns, string name, V1ConfigMap about, string reason, string note) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Regarding = new V1ObjectReference { ApiVersion = "v1", Kind = "ConfigMap", Name = about.Metadata.Name, NamespaceProperty = ns, Uid = about.Metadata.Uid },
        Reason = reason,
        Note = note,
        Type = "Normal",
        Action = "Reconcile",
        EventTime = DateTime.UtcNow,
        ReportingController = "elasticcompute.io/tests",
        ReportingInstance = "tests-1",
    };

    private static string Message(HttpOperationException e) => (string?)JsonNode.Parse(e.Response.Content)?["message"] ?? e.Response.Content;

    private async Task<JsonNode[]> WatchAsync(string path, long after)
    {
        using var http = new HttpClient { BaseAddress = cluster.Server.Url, Timeout = TimeSpan.FromSeconds(30) };
        var body = await http.GetStringAsync(new Uri($"{path}?watch=true&timeoutSeconds=1&resourceVersion={after}", UriKind.Relative));
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
    }
}
