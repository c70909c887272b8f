using ElasticCompute.DevCluster.Tests.Support;

namespace ElasticCompute.DevCluster.Tests.Api;

/// <summary>The installed kubectl on KubeVirt's own example manifests, validated by KubeVirt's real schemas, run by the simulated world.</summary>
public sealed class KubectlKubeVirtTests(SimulatedClusterFixture cluster) : IClassFixture<SimulatedClusterFixture>
{
    private static readonly string[] Examples = ["csmall.yaml", "vm-cirros.yaml", "vm-cirros-csmall.yaml", "vm-alpine-multipvc.yaml", "vm-alpine-datavolume.yaml"];

    [SkippableFact]
    public async Task KubeVirt_examples_apply_with_strict_validation_and_list_with_kubevirt_columns()
    {
        RepositoryPaths.RequireShared("kubevirt/crd-schemas/virtualmachine.yaml");
        var ns = await cluster.NamespaceAsync();

        foreach (var example in Examples)
        {
            var path = RepositoryPaths.RequireShared(Path.Combine("kubevirt", "examples", example));
            var applied = (await cluster.KubectlAsync("apply", "-n", ns, "-f", path)).Succeeded();
            Assert.Contains("created", applied.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("unknown field", applied.Error, StringComparison.Ordinal);
        }

        var vms = (await cluster.KubectlAsync("get", "vm", "-n", ns)).Succeeded();
        Assert.Equal(["NAME", "AGE", "STATUS", "READY"], vms.Output.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("vm-cirros ", vms.Output, StringComparison.Ordinal);
        Assert.Contains("Stopped", vms.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_started_example_vm_runs_on_a_node_and_its_data_volume_imports()
    {
        var cirros = RepositoryPaths.RequireShared("kubevirt/examples/vm-cirros.yaml");
        var alpine = RepositoryPaths.RequireShared("kubevirt/examples/vm-alpine-datavolume.yaml");
        var ns = await cluster.NamespaceAsync();
        (await cluster.KubectlAsync("apply", "-n", ns, "-f", cirros)).Succeeded();
        (await cluster.KubectlAsync("apply", "-n", ns, "-f", alpine)).Succeeded();

        (await cluster.KubectlAsync("patch", "vm", "vm-cirros", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"runStrategy\":\"Always\"}}")).Succeeded();
        (await cluster.KubectlAsync("wait", "vm/vm-cirros", "-n", ns, "--for=condition=Ready", "--timeout=60s")).Succeeded();
        var vmi = (await cluster.KubectlAsync("get", "vmi", "vm-cirros", "-n", ns)).Succeeded();
        Assert.Contains("Running", vmi.Output, StringComparison.Ordinal);
        Assert.Contains("devcluster-node-", vmi.Output, StringComparison.Ordinal);

        (await cluster.KubectlAsync("patch", "vm", "vm-alpine-datavolume", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"runStrategy\":\"Always\"}}")).Succeeded();
        (await cluster.KubectlAsync("wait", "dv/alpine-dv", "-n", ns, "--for=jsonpath={.status.phase}=Succeeded", "--timeout=60s")).Succeeded();
        var pvc = (await cluster.KubectlAsync("get", "pvc", "alpine-dv", "-n", ns, "-o", "jsonpath={.status.phase} {.status.capacity.storage}")).Succeeded();
        Assert.Equal("Bound 2Gi", pvc.Output);
        (await cluster.KubectlAsync("wait", "vmi/vm-alpine-datavolume", "-n", ns, "--for=jsonpath={.status.phase}=Running", "--timeout=60s")).Succeeded();

        (await cluster.KubectlAsync("patch", "vm", "vm-cirros", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"runStrategy\":\"Halted\"}}")).Succeeded();
        (await cluster.KubectlAsync("wait", "vmi/vm-cirros", "-n", ns, "--for=delete", "--timeout=60s")).Succeeded();
    }

    [Fact]
    public async Task Kubectl_creates_namespaces_secrets_and_config_maps_it_sends_as_protobuf()
    {
        var name = $"pb-{Guid.NewGuid().ToString("n")[..8]}";
        (await cluster.KubectlAsync("create", "namespace", name)).Succeeded();
        (await cluster.KubectlAsync("create", "secret", "generic", "s", "-n", name, "--from-literal=password=hunter2")).Succeeded();
        (await cluster.KubectlAsync("create", "configmap", "c", "-n", name, "--from-literal=mode=fast")).Succeeded();

        var secret = (await cluster.KubectlAsync("get", "secret", "s", "-n", name, "-o", "jsonpath={.type} {.data.password}")).Succeeded();
        Assert.Equal("Opaque aHVudGVyMg==", secret.Output);
        var map = (await cluster.KubectlAsync("get", "configmap", "c", "-n", name, "-o", "jsonpath={.data.mode}")).Succeeded();
        Assert.Equal("fast", map.Output);
    }

    [Fact]
    public async Task Nodes_and_storage_classes_of_the_simulated_world_are_listed()
    {
        var nodes = (await cluster.KubectlAsync("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.allocatable.cpu} {end}")).Succeeded();
        Assert.Equal("devcluster-node-1=16 devcluster-node-2=16 devcluster-node-3=16", nodes.Output.Trim());
        var classes = (await cluster.KubectlAsync("get", "storageclass")).Succeeded();
        Assert.Contains("standard", classes.Output, StringComparison.Ordinal);
    }
}
