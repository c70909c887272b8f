using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Tests.Support;
using k8s;
using static ElasticCompute.DevCluster.Tests.Api.ClientCrudTests;

namespace ElasticCompute.DevCluster.Tests.Api;

/// <summary>Watches through the real client: order, resume from a resourceVersion, bookmarks, 410 Gone, timeouts.</summary>
public sealed class WatchTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private const string Group = "elasticcompute.io";
    private const string Version = "v1alpha1";
    private const string Plural = "elasticmachines";

    private Kubernetes Client => cluster.Client;

    [Fact]
    public async Task A_watch_sees_added_modified_and_deleted_in_order()
    {
        var ns = await cluster.NamespaceAsync();
        var list = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural));
        var from = (string)list["metadata"]!["resourceVersion"]!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = Collect(ns, from, 3, cancel.Token);

        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural));
        created["spec"]!["memory"] = "8Gi";
        await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, Version, ns, Plural, "web-1");
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, "web-1");

        var seen = await events;
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], seen.Select(e => e.Type));
        Assert.Equal("8Gi", (string?)seen[1].Object["spec"]!["memory"]);
        var versions = seen.Select(e => long.Parse((string)e.Object["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task A_watch_resumed_from_a_resource_version_gets_what_it_missed()
    {
        var ns = await cluster.NamespaceAsync();
        var first = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("a"), Group, Version, ns, Plural));
        var resumeFrom = (string)first["metadata"]!["resourceVersion"]!;
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("b"), Group, Version, ns, Plural);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("c"), Group, Version, ns, Plural);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = await Collect(ns, resumeFrom, 2, cancel.Token);

        Assert.Equal(["b", "c"], seen.Select(e => (string)e.Object["metadata"]!["name"]!));
    }

    [Fact]
    public async Task A_watch_from_zero_starts_with_the_current_objects()
    {
        var ns = await cluster.NamespaceAsync();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("a"), Group, Version, ns, Plural);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("b"), Group, Version, ns, Plural);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = await Collect(ns, "0", 2, cancel.Token);

        Assert.All(seen, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal(["a", "b"], seen.Select(e => (string)e.Object["metadata"]!["name"]!));
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resource_version_is_told_410_gone()
    {
        var ns = await cluster.NamespaceAsync();
        var first = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("a"), Group, Version, ns, Plural));
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("b"), Group, Version, ns, Plural);
        cluster.Server.Store.Compact();

        Exception? error = null;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var _ in Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            Group, Version, ns, Plural, resourceVersion: (string)first["metadata"]!["resourceVersion"]!, onError: e => error = e, cancellationToken: cancel.Token))
        {
        }

        var gone = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, gone.Status.Code);
        Assert.Equal("Expired", gone.Status.Reason);
        Assert.StartsWith("too old resource version", gone.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_watch_flushes_headers_at_once_and_sends_bookmarks_and_ends_at_the_timeout()
    {
        var ns = await cluster.NamespaceAsync();
        using var http = new HttpClient { BaseAddress = cluster.Server.Url, Timeout = TimeSpan.FromSeconds(30) };
        var url = $"/apis/{Group}/{Version}/namespaces/{ns}/{Plural}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion={cluster.Server.Store.Revision}";

        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        var bookmark = Assert.Single(lines);
        Assert.Equal("BOOKMARK", (string?)bookmark["type"]);
        Assert.Equal("ElasticMachine", (string?)bookmark["object"]!["kind"]);
        Assert.False(string.IsNullOrEmpty((string?)bookmark["object"]!["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task A_label_selector_turns_an_object_leaving_the_selection_into_a_delete()
    {
        var ns = await cluster.NamespaceAsync();
        var machine = Machine("web-1");
        machine["metadata"]!["labels"] = new JsonObject { ["tier"] = "web" };
        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(machine, Group, Version, ns, Plural));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = Collect(ns, (string)created["metadata"]!["resourceVersion"]!, 1, cancel.Token, labelSelector: "tier=web");
        created["metadata"]!["labels"]!["tier"] = "db";
        await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, Version, ns, Plural, "web-1");

        var seen = await events;
        Assert.Equal(WatchEventType.Deleted, Assert.Single(seen).Type);
    }

    private Task<List<(WatchEventType Type, JsonObject Object)>> Collect(string ns, string resourceVersion, int count, CancellationToken cancellationToken, string? labelSelector = null) =>
        Task.Run(async () =>
        {
            var seen = new List<(WatchEventType, JsonObject)>();
            await foreach (var (type, obj) in Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                Group, Version, ns, Plural, labelSelector: labelSelector, resourceVersion: resourceVersion, cancellationToken: cancellationToken))
            {
                if (type == WatchEventType.Bookmark)
                {
                    continue;
                }

                seen.Add((type, JsonNode.Parse(((JsonElement)obj).GetRawText())!.AsObject()));
                if (seen.Count == count)
                {
                    break;
                }
            }

            return seen;
        }, cancellationToken);
}
