using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Informers;
using ElasticCompute.Runtime.Tests.Informers;
using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Integration;

public sealed class InformerIntegrationTests
{
    [Fact]
    public async Task A_configmap_informer_syncs_sees_changes_and_relists_after_compaction_without_losing_or_duplicating()
    {
        await using var cluster = await DevClusterFixture.StartAsync();
        using var client = cluster.NewClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("before"), "default");

        using var manager = new Manager(client, new ManagerOptions { HttpPort = 0, HttpAddress = System.Net.IPAddress.Loopback });
        var informer = manager.GetInformer<V1ConfigMap>();
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(informer.Cache.Find("default", "before"));

        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("a"), "default");
        await Eventually.True(() => informer.Cache.Find("default", "a") is not null, "a added");
        var a = await client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        a.Data = new Dictionary<string, string> { ["k"] = "v2" };
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(a, "a", "default");
        await Eventually.True(() => informer.Cache.Find("default", "a")?.Data?["k"] == "v2", "a updated");
        Assert.Null(informer.Cache.Find("default", "a")!.Metadata.ManagedFields);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("before", "default");
        await Eventually.True(() => informer.Cache.Find("default", "before") is null, "before deleted");

        // health and metrics are served
        using (var http = new HttpClient())
        {
            var port = manager.HttpPort!.Value;
            Assert.Equal("ok", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/readyz")));
            Assert.Equal("ok", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz")));
        }

        // Changes while the watch is down, then history compacted: the resume gets 410 and the informer relists.
        var restarts = Restarts(manager);
        cluster.Server.Store.EndAllWatches("x");
        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("during"), "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        cluster.Server.Store.Compact();
        cluster.Server.Store.EndAllWatches("x");
        await Eventually.True(() => informer.Cache.Find("default", "during") is not null && informer.Cache.Find("default", "a") is null, "relisted");

        await client.CoreV1.CreateNamespacedConfigMapAsync(Map("after"), "default");
        await Eventually.True(() => informer.Cache.Find("default", "after") is not null, "watching again");
        Assert.True(Restarts(manager) > restarts);

        var names = informer.Cache.List("default").Select(m => m.Metadata.Name).Where(n => n != "kube-root-ca.crt").Order().ToArray();
        Assert.Equal(["after", "during"], names);
        var seen = handler.Seen.Where(s => !s.Contains("kube-root-ca", StringComparison.Ordinal)).ToArray();
        Assert.Single(seen, s => s.StartsWith("add during@", StringComparison.Ordinal));
        Assert.Single(seen, s => s == "delete a");
        Assert.Single(seen, s => s.StartsWith("add after@", StringComparison.Ordinal));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static double Restarts(Manager manager)
    {
        using var stream = new MemoryStream();
        manager.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n')
            .FirstOrDefault(l => l.StartsWith("informer_watch_restarts_total{resource=\"configmaps\"}", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static V1ConfigMap Map(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["k"] = "v1" },
    };
}
