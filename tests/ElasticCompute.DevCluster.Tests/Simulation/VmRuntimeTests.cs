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

    [Fact]
    public async Task A_guest_that_powers_off_is_succeeded_and_always_boots_a_new_one_while_rerun_on_failure_stays_stopped()
    {
        var runtime = new FakeVmRuntime();
        await using var cluster = await SimCluster.StartAsync(runtime: runtime);
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("always", "Always"));
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("once", "RerunOnFailure"));
        var first = await cluster.UntilAsync(cluster.Vmis, "always", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the first VMI to run");
        var once = await cluster.UntilAsync(cluster.Vmis, "once", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the second VMI to run");

        runtime.Report(SimCluster.Str(once["metadata"]!["uid"])!, GuestState.PoweredOff("the guest powered off"));
        var stopped = await cluster.UntilAsync(cluster.Vmis, "once", v => SimCluster.Str(v["status"]?["phase"]) == "Succeeded", "the powered-off VMI to succeed");
        Assert.Equal("the guest powered off", SimCluster.Condition(stopped, "Ready", "message"));
        await cluster.UntilAsync(cluster.Vms, "once", v => SimCluster.Str(v["status"]?["printableStatus"]) == "Stopped", "RerunOnFailure to leave it stopped");

        runtime.Report(SimCluster.Str(first["metadata"]!["uid"])!, GuestState.PoweredOff("the guest powered off"));
        var second = await cluster.UntilAsync(cluster.Vmis, "always",
            v => SimCluster.Str(v["metadata"]?["uid"]) != SimCluster.Str(first["metadata"]!["uid"]) && SimCluster.Str(v["status"]?["phase"]) == "Running", "Always to boot a new VMI");
        Assert.NotNull(second);
        Assert.Equal("Succeeded", SimCluster.Str(cluster.Find(cluster.Vmis, "once")!["status"]!["phase"]));
    }

    [Fact]
    public async Task A_guest_that_crashes_fails_its_vmi_and_is_booted_again_after_a_backoff()
    {
        var runtime = new FakeVmRuntime();
        await using var cluster = await SimCluster.StartAsync(runtime: runtime);
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "RerunOnFailure"));
        var vmi = await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");
        var uid = SimCluster.Str(vmi["metadata"]!["uid"])!;

        runtime.Report(uid, GuestState.Crashed("QEMU was killed by signal 9"));
        var failed = await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Failed", "the VMI to fail");
        Assert.Equal("QEMU was killed by signal 9", SimCluster.Condition(failed, "Ready", "message"));
        var vm = await cluster.UntilAsync(cluster.Vms, "web", v => SimCluster.Str(v["status"]?["printableStatus"]) == "CrashLoopBackOff", "the VM to back off");
        Assert.Equal(1, vm["status"]!["startFailure"]!["consecutiveFailCount"]!.GetValue<long>());
        var failedAt = cluster.Time.GetUtcNow();

        var next = await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["metadata"]?["uid"]) is { } u && u != uid && SimCluster.Str(v["status"]?["phase"]) == "Running", "a new VMI after the backoff");
        Assert.NotNull(next);
        Assert.True(cluster.Time.GetUtcNow() - failedAt >= TimeSpan.FromSeconds(9), "no new VMI before the 10 s backoff");
        await cluster.UntilAsync(cluster.Vms, "web", v => v["status"]?["startFailure"] is null && SimCluster.Str(v["status"]?["printableStatus"]) == "Running", "the backoff to reset once it runs");
    }

    [Fact]
    public async Task A_running_vmi_whose_guest_the_runtime_does_not_know_is_booted_again()
    {
        var runtime = new FakeVmRuntime();
        await using var cluster = await SimCluster.StartAsync(runtime: runtime);
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "Always"));
        var vmi = await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");
        var starts = runtime.Calls.Count(c => c == "start web");

        runtime.Report(SimCluster.Str(vmi["metadata"]!["uid"])!, GuestState.Absent);

        await cluster.UntilAsync(() => runtime.Calls.Count(c => c == "start web") > starts ? "asked" : null, _ => true, "the runtime to be asked to boot it again");
        Assert.Equal(SimCluster.Str(vmi["metadata"]!["uid"]), SimCluster.Str(cluster.Find(cluster.Vmis, "web")!["metadata"]!["uid"]));
    }
}
