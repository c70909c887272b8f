using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Simulation;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;
using ElasticCompute.DevCluster.Tests.Console;

namespace ElasticCompute.DevCluster.Tests.Simulation;

/// <summary>The VMI controller drives whatever <see cref="IVmRuntime"/> it is given: what the runtime says is what the VMI and VM show.</summary>
public sealed class VmRuntimeTests
{
    [Fact]
    public async Task A_resize_the_runtime_cannot_apply_live_requires_a_restart_and_a_stop_ends_the_guest()
    {
        var runtime = new FakeVmRuntime { Resize = ResizeOutcome.RestartRequired };
        await using var cluster = await SimCluster.StartAsync(runtime: runtime);
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "Always", sockets: 1, maxSockets: 4));
        await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Running", "the VM to run");

        // Within maxSockets, so the VM controller hands it to the VMI; the runtime refuses it live.
        await cluster.EditAsync(cluster.Vms, "web", v => v["spec"]!["template"]!["spec"]!["domain"]!["cpu"]!["sockets"] = 3);
        var vm = await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Condition(v, "RestartRequired") == "True", "RestartRequired");

        Assert.Equal(VirtualMachineController.RestartRequiredMessage, SimCluster.Condition(vm, "RestartRequired", "message"));
        var vmi = cluster.Find(cluster.Vmis, "web")!;
        Assert.Equal(3, vmi["spec"]!["domain"]!["cpu"]!["sockets"]!.GetValue<long>());
        Assert.Equal(1, vmi["status"]!["currentCPUTopology"]!["sockets"]!.GetValue<long>());
        Assert.Equal("True", SimCluster.Condition(vmi, "RestartRequired"));
        Assert.Single(runtime.Calls, c => c == "resize web 3 2Gi");

        await cluster.EditAsync(cluster.Vms, "web", v => v["spec"]!["runStrategy"] = "Halted");
        await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Stopped", "the VM to be stopped");
        await cluster.UntilAsync(() => runtime.Calls.LastOrDefault(), c => c == "kill web", "the runtime to forget the guest");
        Assert.Equal(["start web", "resize web 3 2Gi", "stop web", "kill web"], runtime.Calls.Distinct());
    }

    [Fact]
    public async Task A_guest_the_runtime_cannot_start_makes_the_vmi_failed()
    {
        var runtime = new FakeVmRuntime { StartFailure = "qemu-system-x86_64 exited with status 1" };
        await using var cluster = await SimCluster.StartAsync(runtime: runtime);
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "Always"));

        var vmi = await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Failed", "the VMI to fail");

        Assert.Equal(["Pending", "Scheduling", "Scheduled", "Failed"], vmi["status"]!["phaseTransitionTimestamps"]!.AsArray().Select(p => SimCluster.Str(p!["phase"])));
        Assert.Equal("GuestFailed", SimCluster.Str(vmi["status"]!["reason"]));
        Assert.Equal("False", SimCluster.Condition(vmi, "Ready"));
        Assert.Equal("qemu-system-x86_64 exited with status 1", SimCluster.Condition(vmi, "Ready", "message"));
        var vm = await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Condition(v, "Ready", "reason") == "GuestNotRunning", "the VM to see it");
        Assert.False(vm["status"]!["ready"]!.GetValue<bool>());

        using var http = new HttpClient();
        using var console = await http.GetAsync(ConsoleClient.Path(cluster.Server.Url, "web"));
        Assert.Equal(HttpStatusCode.Conflict, console.StatusCode);
        Assert.EndsWith("VMI is in failed status", SimCluster.Str(JsonNode.Parse(await console.Content.ReadAsStringAsync())?["message"]), StringComparison.Ordinal);
    }
}
