using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Simulation;

namespace ElasticCompute.DevCluster.Tests.Simulation;

public sealed class VirtualMachineSimulationTests
{
    internal static string Vm(string name, string runStrategy, int sockets = 1, string memory = "2Gi", int? maxSockets = null, string extra = "") => $$"""
        apiVersion: kubevirt.io/v1
        kind: VirtualMachine
        metadata:
          name: {{name}}
        spec:
          runStrategy: {{runStrategy}}
          template:
            metadata:
              labels:
                kubevirt.io/vm: {{name}}
            spec:
              {{extra}}
              domain:
                cpu:
                  sockets: {{sockets}}
                  cores: 1
                  threads: 1{{(maxSockets is { } m ? $"\n          maxSockets: {m}" : string.Empty)}}
                memory:
                  guest: {{memory}}
                devices:
                  disks: []
        """;

    [Fact]
    public async Task An_always_running_vm_gets_a_running_vmi_on_a_node_with_room()
    {
        await using var cluster = await SimCluster.StartAsync();
        await cluster.CreateAsync(cluster.Vms, Vm("web", "Always", sockets: 2));

        var vm = await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Running", "the VM to run");
        Assert.True(vm["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal("True", SimCluster.Condition(vm, "Ready"));

        var vmi = cluster.Find(cluster.Vmis, "web")!;
        Assert.Equal("Running", SimCluster.Str(vmi["status"]!["phase"]));
        Assert.StartsWith("devcluster-node-", SimCluster.Str(vmi["status"]!["nodeName"]), StringComparison.Ordinal);
        Assert.Matches(@"^10\.244\.\d+\.\d+$", SimCluster.Str(vmi["status"]!["interfaces"]![0]!["ipAddress"]));
        var owner = vmi["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("VirtualMachine", SimCluster.Str(owner["kind"]));
        Assert.True(owner["controller"]!.GetValue<bool>());
        Assert.Equal(["Pending", "Scheduling", "Scheduled", "Running"], vmi["status"]!["phaseTransitionTimestamps"]!.AsArray().Select(p => SimCluster.Str(p!["phase"])));
    }

    [Fact]
    public async Task Halting_a_vm_stops_and_deletes_its_vmi()
    {
        await using var cluster = await SimCluster.StartAsync();
        await cluster.CreateAsync(cluster.Vms, Vm("web", "Always"));
        await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Running", "the VM to run");

        await cluster.EditAsync(cluster.Vms, "web", v => v["spec"]!["runStrategy"] = "Halted");

        await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Stopping", "the VM to stop");
        var stopped = await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Stopped", "the VM to be stopped");
        Assert.Null(cluster.Find(cluster.Vmis, "web"));
        Assert.False(stopped["status"]!["ready"]!.GetValue<bool>());
        Assert.False(stopped["status"]!["created"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Start_stop_and_restart_over_http_behave_like_virt_api()
    {
        await using var cluster = await SimCluster.StartAsync();
        await cluster.CreateAsync(cluster.Vms, Vm("web", "Halted"));
        using var http = new HttpClient { BaseAddress = cluster.Server.Url };
        const string path = "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/web/";
        await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Stopped", "the VM to be stopped");

        var stopStopped = await http.PutAsync(path + "stop", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Conflict, stopStopped.StatusCode);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"web\": VM is not running", await MessageAsync(stopStopped));
        var restartHalted = await http.PutAsync(path + "restart", new StringContent("{}"));
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"web\": Halted does not support manual restart requests", await MessageAsync(restartHalted));

        Assert.Equal(HttpStatusCode.Accepted, (await http.PutAsync(path + "start", new StringContent("{}"))).StatusCode);
        Assert.Equal("Always", SimCluster.Str(cluster.Find(cluster.Vms, "web")!["spec"]!["runStrategy"]));
        var running = await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");

        var startRunning = await http.PutAsync(path + "start", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Conflict, startRunning.StatusCode);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"web\": VM is already running", await MessageAsync(startRunning));

        Assert.Equal(HttpStatusCode.Accepted, (await http.PutAsync(path + "restart", new StringContent("{}"))).StatusCode);
        var restarted = await cluster.UntilAsync(cluster.Vmis, "web",
            v => v["metadata"]!["uid"]!.ToString() != running["metadata"]!["uid"]!.ToString() && SimCluster.Str(v["status"]?["phase"]) == "Running", "a new VMI");
        Assert.NotNull(restarted);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PutAsync(path + "stop", new StringContent("{}"))).StatusCode);
        Assert.Equal("Halted", SimCluster.Str(cluster.Find(cluster.Vms, "web")!["spec"]!["runStrategy"]));
        await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Stopped", "the VM to stop");
    }

    [Fact]
    public async Task A_vm_no_node_can_hold_is_unschedulable_with_the_schedulers_message()
    {
        await using var cluster = await SimCluster.StartAsync(new SimulationOptions { NodeCpu = 4 });
        await cluster.CreateAsync(cluster.Vms, Vm("big", "Always", sockets: 8));

        var vm = await cluster.UntilAsync(cluster.Vms, "big", v => SimCluster.Str(v["status"]?["printableStatus"]) == "ErrorUnschedulable", "the VM to be unschedulable");

        Assert.StartsWith("0/3 nodes are available: 3 Insufficient cpu.", SimCluster.Condition(vm, "PodScheduled", "message"), StringComparison.Ordinal);
        var vmi = cluster.Find(cluster.Vmis, "big")!;
        Assert.Equal("Pending", SimCluster.Str(vmi["status"]!["phase"]));
        Assert.Equal("Unschedulable", SimCluster.Condition(vmi, "PodScheduled", "reason"));
    }

    [Fact]
    public async Task A_node_selector_without_a_matching_pool_is_unschedulable()
    {
        await using var cluster = await SimCluster.StartAsync();
        await cluster.CreateAsync(cluster.Vms, Vm("gpu", "Always", extra: "nodeSelector: {elasticcompute.io/pool: gpu}"));

        var vm = await cluster.UntilAsync(cluster.Vms, "gpu", v => SimCluster.Str(v["status"]?["printableStatus"]) == "ErrorUnschedulable", "the VM to be unschedulable");

        Assert.StartsWith("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.", SimCluster.Condition(vm, "PodScheduled", "message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cpu_change_within_max_sockets_is_applied_live_and_beyond_it_requires_a_restart()
    {
        await using var cluster = await SimCluster.StartAsync();
        await cluster.CreateAsync(cluster.Vms, Vm("web", "Always", sockets: 1, maxSockets: 4));
        await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Running", "the VM to run");

        await cluster.EditAsync(cluster.Vms, "web", v => v["spec"]!["template"]!["spec"]!["domain"]!["cpu"]!["sockets"] = 3);
        var vmi = await cluster.UntilAsync(cluster.Vmis, "web", v => v["status"]?["currentCPUTopology"]?["sockets"]?.GetValue<long>() == 3, "the hotplugged sockets");
        Assert.Equal(3, vmi["spec"]!["domain"]!["cpu"]!["sockets"]!.GetValue<long>());
        Assert.Null(SimCluster.Condition(cluster.Find(cluster.Vms, "web")!, "RestartRequired"));

        await cluster.EditAsync(cluster.Vms, "web", v => v["spec"]!["template"]!["spec"]!["domain"]!["cpu"]!["sockets"] = 6);
        var vm = await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Condition(v, "RestartRequired") == "True", "RestartRequired");
        Assert.Equal(VirtualMachineController.RestartRequiredMessage, SimCluster.Condition(vm, "RestartRequired", "message"));
        Assert.Equal(3, cluster.Find(cluster.Vmis, "web")!["spec"]!["domain"]!["cpu"]!["sockets"]!.GetValue<long>());
    }

    private static async Task<string?> MessageAsync(HttpResponseMessage response) =>
        SimCluster.Str(JsonNode.Parse(await response.Content.ReadAsStringAsync())?["message"]);
}
