using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Simulation;

namespace ElasticCompute.DevCluster.Tests.Simulation;

public sealed class DataVolumeSimulationTests
{
    [Fact]
    public async Task An_import_goes_through_its_phases_and_progress_to_succeeded_with_a_bound_claim()
    {
        await using var cluster = await SimCluster.StartAsync(new SimulationOptions { ImportSteps = 4 });
        await cluster.CreateAsync(cluster.DataVolumes, """
            apiVersion: cdi.kubevirt.io/v1beta1
            kind: DataVolume
            metadata:
              name: disk
            spec:
              source:
                http:
                  url: https://example.invalid/disk.img
              storage:
                resources:
                  requests:
                    storage: 5Gi
            """);

        var seen = new List<string>();
        var dv = await cluster.UntilAsync(cluster.DataVolumes, "disk", d =>
        {
            var entry = $"{SimCluster.Str(d["status"]?["phase"])} {SimCluster.Str(d["status"]?["progress"])}";
            if (seen.Count == 0 || seen[^1] != entry)
            {
                seen.Add(entry);
            }

            return SimCluster.Str(d["status"]?["phase"]) == "Succeeded";
        }, "the import to succeed");

        Assert.Contains("ImportScheduled N/A", seen);
        Assert.Contains("ImportInProgress 0.00%", seen);
        Assert.Contains("ImportInProgress 50.00%", seen);
        Assert.Equal("Succeeded 100.0%", seen[^1]);
        Assert.Equal("True", SimCluster.Condition(dv, "Ready"));
        var pvc = cluster.Find(cluster.Pvcs, "disk")!;
        Assert.Equal("Bound", SimCluster.Str(pvc["status"]!["phase"]));
        Assert.Equal("5Gi", SimCluster.Str(pvc["status"]!["capacity"]!["storage"]));
        Assert.Equal("DataVolume", SimCluster.Str(pvc["metadata"]!["ownerReferences"]![0]!["kind"]));
    }

    [Fact]
    public async Task A_missing_data_source_keeps_the_volume_pending_and_a_seeded_one_clones()
    {
        await using var cluster = await SimCluster.StartAsync();
        Assert.NotNull(cluster.Find(cluster.Type("cdi.kubevirt.io", "v1beta1", "datasources"), "ubuntu-24.04", "kubevirt-os-images"));
        static string Dv(string name, string source) => $$"""
            apiVersion: cdi.kubevirt.io/v1beta1
            kind: DataVolume
            metadata:
              name: {{name}}
            spec:
              sourceRef:
                kind: DataSource
                namespace: kubevirt-os-images
                name: {{source}}
              storage:
                resources:
                  requests:
                    storage: 10Gi
            """;
        await cluster.CreateAsync(cluster.DataVolumes, Dv("missing", "plan9"));
        await cluster.CreateAsync(cluster.DataVolumes, Dv("root", "ubuntu-24.04"));

        await cluster.UntilAsync(cluster.DataVolumes, "root", d => SimCluster.Str(d["status"]?["phase"]) == "Succeeded", "the clone to succeed");
        var missing = cluster.Find(cluster.DataVolumes, "missing")!;
        Assert.Equal("Pending", SimCluster.Str(missing["status"]!["phase"]));
        Assert.Equal("DataSource kubevirt-os-images/plan9 not found", SimCluster.Condition(missing, "Bound", "message"));
        Assert.Null(cluster.Find(cluster.Pvcs, "missing"));
    }

    [Fact]
    public async Task A_vms_data_volume_templates_create_owned_volumes_and_it_provisions_before_running()
    {
        await using var cluster = await SimCluster.StartAsync(new SimulationOptions { ImportStepDelay = TimeSpan.FromSeconds(2) });
        await cluster.CreateAsync(cluster.Vms, """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachine
            metadata:
              name: db
            spec:
              runStrategy: Always
              dataVolumeTemplates:
              - metadata:
                  name: db-root
                spec:
                  source: {registry: {url: "docker://quay.io/containerdisks/ubuntu:24.04"}}
                  storage: {resources: {requests: {storage: 20Gi}}}
              template:
                spec:
                  domain:
                    devices: {disks: [{name: root, disk: {bus: virtio}}]}
                    memory: {guest: 1Gi}
                  volumes:
                  - name: root
                    dataVolume: {name: db-root}
            """);

        var provisioning = await cluster.UntilAsync(cluster.Vms, "db", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Provisioning", "the VM to provision");
        Assert.Null(cluster.Find(cluster.Vmis, "db"));
        var dv = cluster.Find(cluster.DataVolumes, "db-root")!;
        Assert.Equal(ObjectMeta.Uid(provisioning), SimCluster.Str(dv["metadata"]!["ownerReferences"]![0]!["uid"]));

        await cluster.UntilAsync(cluster.Vms, "db", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Running", "the VM to run once its disk is imported");
        Assert.Equal("Succeeded", SimCluster.Str(cluster.Find(cluster.DataVolumes, "db-root")!["status"]!["phase"]));
    }
}
