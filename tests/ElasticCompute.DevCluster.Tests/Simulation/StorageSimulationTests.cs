using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Simulation;
using ElasticCompute.DevCluster.Server.Strategies;

namespace ElasticCompute.DevCluster.Tests.Simulation;

public sealed class StorageSimulationTests
{
    private static string Claim(string name, string size) => $$"""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: {{name}}
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: {{size}}
        """;

    [Fact]
    public async Task Nodes_and_storage_classes_exist_with_their_capacity()
    {
        await using var cluster = await SimCluster.StartAsync(new SimulationOptions { Nodes = 4, NodeCpu = 8, Pools = ["general", "gpu"] });
        var nodes = cluster.Registry.List(cluster.Type(string.Empty, "v1", "nodes"), null, ListOptions.Default).Items.Select(ResourceRegistry.Parse).ToList();

        Assert.Equal(4, nodes.Count);
        Assert.All(nodes, n =>
        {
            Assert.Equal("8", SimCluster.Str(n["status"]!["capacity"]!["cpu"]));
            Assert.Equal("64Gi", SimCluster.Str(n["status"]!["allocatable"]!["memory"]));
            Assert.Equal("True", SimCluster.Condition(n, "Ready"));
            Assert.Equal(ObjectMeta.Name(n), SimCluster.Str(n["metadata"]!["labels"]!["kubernetes.io/hostname"]));
        });
        Assert.Equal(["general", "general", "gpu", "gpu"], nodes.Select(n => SimCluster.Str(n["metadata"]!["labels"]!["elasticcompute.io/pool"])).Order());

        var standard = cluster.Find(cluster.Type("storage.k8s.io", "v1", "storageclasses"), "standard")!;
        Assert.Equal("true", SimCluster.Str(standard["metadata"]!["annotations"]!["storageclass.kubernetes.io/is-default-class"]));
        Assert.Equal("2Ti", SimCluster.Str(standard["metadata"]!["annotations"]![StorageModule.CapacityAnnotation]));
        Assert.True(standard["allowVolumeExpansion"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_claim_binds_to_a_new_volume_of_the_default_class()
    {
        await using var cluster = await SimCluster.StartAsync();
        await cluster.CreateAsync(cluster.Pvcs, Claim("data", "10Gi"));

        var pvc = await cluster.UntilAsync(cluster.Pvcs, "data", p => SimCluster.Str(p["status"]?["phase"]) == "Bound", "the claim to bind");

        Assert.Equal("10Gi", SimCluster.Str(pvc["status"]!["capacity"]!["storage"]));
        Assert.Equal("standard", SimCluster.Str(pvc["spec"]!["storageClassName"]));
        var pv = cluster.Find(cluster.Type(string.Empty, "v1", "persistentvolumes"), SimCluster.Str(pvc["spec"]!["volumeName"])!)!;
        Assert.Equal("10Gi", SimCluster.Str(pv["spec"]!["capacity"]!["storage"]));
        Assert.Equal("data", SimCluster.Str(pv["spec"]!["claimRef"]!["name"]));
    }

    [Fact]
    public async Task A_claim_the_pool_cannot_hold_stays_pending_with_an_event()
    {
        await using var cluster = await SimCluster.StartAsync(new SimulationOptions { StorageClasses = [new("standard", "100Gi", IsDefault: true)] });
        await cluster.CreateAsync(cluster.Pvcs, Claim("first", "80Gi"));
        await cluster.UntilAsync(cluster.Pvcs, "first", p => SimCluster.Str(p["status"]?["phase"]) == "Bound", "the first claim to bind");

        await cluster.CreateAsync(cluster.Pvcs, Claim("second", "30Gi"));
        var events = cluster.Type(string.Empty, "v1", "events");
        var failed = await cluster.UntilAsync(
            () => cluster.Registry.List(events, "default", ListOptions.Default).Items.Select(ResourceRegistry.Parse)
                .FirstOrDefault(e => SimCluster.Str(e["involvedObject"]?["name"]) == "second"),
            _ => true,
            "a ProvisioningFailed event");

        Assert.Equal("ProvisioningFailed", SimCluster.Str(failed["reason"]));
        Assert.Contains("requested 30Gi, free 20Gi", SimCluster.Str(failed["message"]), StringComparison.Ordinal);
        Assert.Equal("Pending", SimCluster.Str(cluster.Find(cluster.Pvcs, "second")!["status"]!["phase"]));
    }

    [Fact]
    public async Task A_grown_claim_gets_its_capacity_after_the_expansion_delay()
    {
        var options = new SimulationOptions { ExpansionDelay = TimeSpan.FromSeconds(5) };
        await using var cluster = await SimCluster.StartAsync(options);
        await cluster.CreateAsync(cluster.Pvcs, Claim("data", "10Gi"));
        await cluster.UntilAsync(cluster.Pvcs, "data", p => SimCluster.Str(p["status"]?["phase"]) == "Bound", "the claim to bind");
        var grownAt = cluster.Time.GetUtcNow();

        await cluster.EditAsync(cluster.Pvcs, "data", p => p["spec"]!["resources"]!["requests"]!["storage"] = "20Gi");
        var resizing = await cluster.UntilAsync(cluster.Pvcs, "data", p => SimCluster.Condition(p, "Resizing") == "True", "the resize to start");
        Assert.Equal("10Gi", SimCluster.Str(resizing["status"]!["capacity"]!["storage"]));

        var expanded = await cluster.UntilAsync(cluster.Pvcs, "data", p => SimCluster.Str(p["status"]?["capacity"]?["storage"]) == "20Gi", "the expansion");
        Assert.True(cluster.Time.GetUtcNow() - grownAt >= options.ExpansionDelay);
        Assert.Null(SimCluster.Condition(expanded, "Resizing"));
    }

    [Fact]
    public void Shrinking_a_bound_claim_is_refused_with_the_api_servers_message()
    {
        var strategy = new PersistentVolumeClaimStrategy();
        var current = Bound("20Gi", "20Gi");
        var shrunk = Bound("10Gi", "20Gi");

        var error = Assert.Single(strategy.ValidateUpdate(shrunk, current));

        Assert.Equal("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity", error.ToString());
        Assert.Empty(strategy.ValidateUpdate(Bound("30Gi", "20Gi"), current));
    }

    [Fact]
    public void Lowering_a_failed_expansion_above_the_capacity_is_allowed_but_other_spec_changes_are_not()
    {
        var strategy = new PersistentVolumeClaimStrategy();
        var failedExpansion = Bound("100Gi", "20Gi");

        Assert.Empty(strategy.ValidateUpdate(Bound("30Gi", "20Gi"), failedExpansion));
        var changedModes = Bound("100Gi", "20Gi");
        changedModes["spec"]!["accessModes"] = new JsonArray("ReadWriteMany");
        var error = Assert.Single(strategy.ValidateUpdate(changedModes, failedExpansion));
        Assert.Equal("spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims", error.ToString());
    }

    private static JsonObject Bound(string requested, string capacity) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "data", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = requested } },
            ["storageClassName"] = "standard",
            ["volumeName"] = "pvc-1",
        },
        ["status"] = new JsonObject { ["phase"] = "Bound", ["capacity"] = new JsonObject { ["storage"] = capacity } },
    };
}
