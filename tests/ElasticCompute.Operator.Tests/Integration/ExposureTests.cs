using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static ElasticCompute.Operator.Tests.Integration.OperatorFixture;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>The policy's exposure through the operator: a Service per machine, kept in step, and where to connect in the status.</summary>
public sealed class ExposureTests(OperatorFixture cluster) : IClassFixture<OperatorFixture>
{
    [Fact]
    public async Task A_machine_gets_a_service_and_an_ssh_line_that_follow_the_policy()
    {
        await PatchPolicyAsync("""{"spec":{"exposure":{"type":"NodePort","ports":[22,80]}}}""", create: true);
        var ns = await cluster.NamespaceAsync();
        await cluster.CreateMachineAsync(ns, "web", "{cpu: 1, memory: 2Gi}");

        var machine = await cluster.MachineWhereAsync(ns, "web", m => Phase(m) == "Running" && m["status"]?["access"]?["ssh"] is not null, "web to run with an ssh line");
        var service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", ns);
        Assert.Equal("NodePort", service.Spec.Type);
        Assert.Equal("web", service.Spec.Selector["vm.kubevirt.io/name"]);
        Assert.Equal(["ssh", "tcp-80"], service.Spec.Ports.Select(p => p.Name));
        Assert.Equal((string?)machine["metadata"]!["uid"], Assert.Single(service.Metadata.OwnerReferences).Uid);
        var sshPort = service.Spec.Ports[0].NodePort!.Value;
        var access = machine["status"]!["access"]!;
        Assert.Equal($"ssh -p {sshPort} ubuntu@127.0.0.1", (string?)access["ssh"]); // the built-in Ubuntu image's user, devcluster's nodes' ExternalIP
        Assert.Equal([22, 80], access["endpoints"]!.AsArray().Select(e => (int)e!["port"]!));
        Assert.Equal(service.Spec.Ports[1].NodePort, (int?)access["endpoints"]![1]!["hostPort"]);

        // A load balancer instead, for SSH only: the node port stays, the address is the balancer's.
        await PatchPolicyAsync("""{"spec":{"exposure":{"type":"LoadBalancer","ports":[22]}}}""");
        machine = await cluster.MachineWhereAsync(ns, "web", m => (string?)m["status"]?["access"]?["type"] == "LoadBalancer" && m["status"]?["access"]?["ssh"] is not null, "the ssh line to name the load balancer");
        service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", ns);
        Assert.Equal(sshPort, Assert.Single(service.Spec.Ports).NodePort);
        var ingress = service.Status.LoadBalancer.Ingress[0].Ip;
        Assert.StartsWith("127.", ingress, StringComparison.Ordinal);
        Assert.Equal($"ssh ubuntu@{ingress}", (string?)machine["status"]!["access"]!["ssh"]);

        // None: the Service goes, and so does the address.
        await PatchPolicyAsync("""{"spec":{"exposure":{"type":"None"}}}""");
        await cluster.MachineWhereAsync(ns, "web", m => m["status"]?["access"] is null, "status.access to go");
        await Eventually(async () => (await cluster.Client.CoreV1.ListNamespacedServiceAsync(ns)).Items, items => items.Count == 0, "the service to be deleted");
    }

    [Fact]
    public async Task A_service_of_the_machines_name_that_is_someone_elses_is_left_alone()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 5432 }] },
        }, ns);
        await PatchPolicyAsync("""{"spec":{"exposure":{"type":"NodePort"}}}""", create: true);

        await cluster.CreateMachineAsync(ns, "db", "{cpu: 1, memory: 2Gi}");
        var machine = await cluster.MachineWhereAsync(ns, "db", m => Phase(m) == "Running", "db to run");

        var service = await cluster.Client.CoreV1.ReadNamespacedServiceAsync("db", ns);
        Assert.Equal("ClusterIP", service.Spec.Type);
        Assert.Null(service.Metadata.OwnerReferences);
        Assert.Null(machine["status"]?["access"]);
        var events = await Eventually(async () => (await cluster.Client.CoreV1.ListNamespacedEventAsync(ns)).Items, e => e.Any(x => x.Reason == "ServiceConflict"), "a ServiceConflict event");
        Assert.Contains("service db exists and belongs to someone else", events.First(e => e.Reason == "ServiceConflict").Message, StringComparison.Ordinal);
    }

    private async Task PatchPolicyAsync(string mergePatch, bool create = false)
    {
        if (create)
        {
            try
            {
                await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(
                    new JsonObject { ["apiVersion"] = $"{Group}/{OperatorFixture.Version}", ["kind"] = "ElasticComputePolicy", ["metadata"] = new JsonObject { ["name"] = "default" } },
                    Group, OperatorFixture.Version, "elasticcomputepolicies");
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
            }
        }

        await cluster.Client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), Group, OperatorFixture.Version, "elasticcomputepolicies", "default");
    }
}
