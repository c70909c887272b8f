using System.Text.Json.Nodes;
using k8s;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>A disk kept by reclaimPolicy Retain, and a machine of the same name created later: its data comes back, or it says why not.</summary>
public sealed class RetainedDiskTests(OperatorFixture cluster) : IClassFixture<OperatorFixture>
{
    [Fact]
    public async Task A_machine_created_again_reattaches_its_kept_disk_and_owns_it()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "again", "{cpu: 1, memory: 2Gi}");
        await cluster.MachineWhereAsync(ns, "again", m => Phase(m) == "Running" && Condition(m, "Ready") == "True", "again to run");
        var disk = await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "again-disk");
        await cluster.ReleaseAsync(ns, "again");

        await cluster.CreateMachineAsync(ns, "again", "{cpu: 1, memory: 2Gi, storage: {reclaimPolicy: Delete}}");
        var machine = await cluster.MachineWhereAsync(ns, "again", m => Phase(m) == "Running" && Condition(m, "Ready") == "True", "again to run");

        var reattached = await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "again-disk");
        Assert.Equal((string?)disk!["metadata"]!["uid"], (string?)reattached!["metadata"]!["uid"]);
        var owner = Assert.Single((JsonArray)reattached["metadata"]!["ownerReferences"]!)!;
        Assert.Equal((string?)machine["metadata"]!["uid"], (string?)owner["uid"]);
        Assert.Null(reattached["metadata"]!["labels"]?["elasticcompute.io/released-from"]);
        var events = (await cluster.Client.EventsV1.ListNamespacedEventAsync(ns)).Items;
        Assert.Contains(events, e => e.Reason == "DiskReattached" && e.Note == "reattached disk again-disk, kept from an earlier again (reclaimPolicy Retain)");
        Assert.DoesNotContain(events, e => e.Reason == "DiskCreated" && e.Regarding.Uid == (string?)machine["metadata"]!["uid"]);

        // Owned again, so this machine's reclaimPolicy Delete now removes it.
        await cluster.ReleaseAsync(ns, "again");
        await Eventually(async () => await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "again-disk"), d => d is null, "the reattached disk to be deleted with its machine");
    }

    [Fact]
    public async Task A_kept_disk_of_another_image_or_a_disk_that_is_not_ours_is_a_conflict_that_says_what_to_do()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "other", "{cpu: 1, memory: 2Gi}");
        await cluster.MachineWhereAsync(ns, "other", m => Phase(m) == "Running" && Condition(m, "Ready") == "True", "other to run");
        await cluster.ReleaseAsync(ns, "other");

        await cluster.CreateMachineAsync(ns, "other", "{cpu: 1, memory: 2Gi, image: {blank: true}}");
        var waiting = await cluster.MachineWhereAsync(ns, "other", m => ConditionReason(m, "DiskReady") == "DiskConflict", "the conflict to be reported");
        Assert.Equal("Pending", Phase(waiting));
        Assert.Matches(
            @"^disk other-disk, kept from an earlier other, holds image [a-z0-9-]+/ubuntu-24\.04, not a blank disk: create the machine with that image to reattach the disk, or delete the disk \(kubectl delete datavolume other-disk -n op-[0-9a-f]+\) to start afresh$",
            ConditionMessage(waiting, "DiskReady"));
        Assert.Equal(ConditionMessage(waiting, "DiskReady"), ConditionMessage(waiting, "Ready"));
        Assert.Null(await cluster.GetAsync("kubevirt.io", "v1", ns, "virtualmachines", "other"));
        var kept = await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "other-disk");
        Assert.Null(kept!["metadata"]!["ownerReferences"]);

        // Deleting the disk in the way lets the machine go on (it looks again; a change makes it look at once).
        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "other-disk");
        await Eventually(async () => await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "other-disk"), d => d is null || (string?)d["metadata"]!["uid"] != (string?)kept["metadata"]!["uid"], "the kept disk to go");
        await cluster.PatchMachineAsync(ns, "other", """{"metadata":{"annotations":{"touched":"1"}}}""");
        await cluster.MachineWhereAsync(ns, "other", m => Phase(m) == "Running" && Condition(m, "Ready") == "True", "other to run");
        await cluster.ReleaseAsync(ns, "other");

        // A DataVolume of the disk's name that this operator never kept for the machine is never taken over.
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "cdi.kubevirt.io/v1beta1",
                ["kind"] = "DataVolume",
                ["metadata"] = new JsonObject { ["name"] = "mine-disk" },
                ["spec"] = JsonNode.Parse("""{"source":{"blank":{}},"storage":{"resources":{"requests":{"storage":"1Gi"}}}}"""),
            },
            "cdi.kubevirt.io", "v1beta1", ns, "datavolumes");
        await cluster.CreateMachineAsync(ns, "mine", "{cpu: 1, memory: 2Gi}");
        var foreign = await cluster.MachineWhereAsync(ns, "mine", m => ConditionReason(m, "DiskReady") == "DiskConflict", "the foreign disk to be reported");
        Assert.Equal("DataVolume mine-disk already exists and is not this machine's disk: delete it, or give the machine another name", ConditionMessage(foreign, "DiskReady"));
        Assert.Null((await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "mine-disk"))!["metadata"]!["ownerReferences"]);
        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, OperatorFixture.Version, ns, Plural, "mine");
        await Eventually(() => cluster.MachineAsync(ns, "mine"), m => m is null, "mine to go");
        Assert.NotNull(await cluster.GetAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", "mine-disk"));
    }
}
