using System.Net;
using System.Net.WebSockets;
using ElasticCompute.DevCluster.Server.Simulation.Serial;
using ElasticCompute.DevCluster.Server.Simulation.Vnc;
using ElasticCompute.DevCluster.Tests.Console;
using ElasticCompute.DevCluster.Tests.Simulation;

namespace ElasticCompute.DevCluster.Tests.Vnc;

/// <summary>The vnc subresource through devcluster's HTTP server, over a real WebSocket, onto the simulated guest's RFB server.</summary>
public sealed class VncSubresourceTests
{
    private const uint DeleteKey = 0xffff, ControlLeft = 0xffe3, AltLeft = 0xffe9;

    private static Task<SimCluster> RunningAsync() => SerialConsoleTests.RunningAsync();

    private static Task<(HttpStatusCode Code, string? Message)> GetAsync(SimCluster cluster, string name) => SerialConsoleTests.GetAsync(RfbClient.Path(cluster.Server.Url, name));

    [Fact]
    public async Task A_viewer_shakes_hands_gets_the_screen_size_and_a_framebuffer_that_echoes_keys_and_shows_ctrl_alt_del()
    {
        await using var cluster = await SimCluster.StartAsync();
        Assert.Equal((HttpStatusCode.NotFound, "virtualmachineinstances.kubevirt.io \"web\" not found"), await GetAsync(cluster, "web"));
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "Always"));
        await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Pending", "the VMI to be pending");
        Assert.Equal((HttpStatusCode.BadRequest, "VMI is not running"), await GetAsync(cluster, "web"));
        await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");

        using var viewer = await RfbClient.ConnectAsync(cluster.Server.Url, "web");
        Assert.Equal((640, 400, "default/web"), (viewer.Width, viewer.Height, viewer.Name));
        Assert.Equal(640 * 400, await viewer.UpdateAsync(incremental: false));
        Assert.True(viewer.Count(SimulatedScreen.TitlePaper) > 640 * 10, "the title bar");
        var ink = viewer.Count(SimulatedScreen.Ink);
        Assert.True(ink > 100, "the login prompt");
        Assert.Equal(0, viewer.Count(SimulatedScreen.Alert));

        // A typed key is echoed: an incremental update sends only the cells that changed, with more ink.
        await viewer.TypeAsync("ada");
        var changed = await viewer.UpdateAsync(incremental: true);
        Assert.InRange(changed, 1, 640 * 400 / 10);
        Assert.True(viewer.Count(SimulatedScreen.Ink) > ink, "the typed letters");

        // Ctrl+Alt+Del as noVNC's sendCtrlAltDel sends it.
        foreach (var key in new[] { ControlLeft, AltLeft, DeleteKey })
        {
            await viewer.KeyAsync(true, key);
        }

        foreach (var key in new[] { DeleteKey, AltLeft, ControlLeft })
        {
            await viewer.KeyAsync(false, key);
        }

        await viewer.UpdateAsync(incremental: true);
        Assert.True(viewer.Count(SimulatedScreen.Alert) > 100, "the Ctrl+Alt+Del line");
        await viewer.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_second_viewer_takes_the_display_over_sees_the_same_screen_and_the_first_is_told_why()
    {
        await using var cluster = await RunningAsync();
        using var first = await RfbClient.ConnectAsync(cluster.Server.Url, "web");
        await first.UpdateAsync(incremental: false);
        await first.TypeAsync("kept");
        await first.UpdateAsync(incremental: true);

        using var second = await RfbClient.ConnectAsync(cluster.Server.Url, "web");
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, ConsoleSession.TakenOverReason), await first.ReadCloseAsync());
        await second.UpdateAsync(incremental: false);
        Assert.Equal(first.Pixels, second.Pixels);
    }

    [Fact]
    public async Task Stopping_the_vm_closes_the_display_as_not_running_and_a_stopped_vm_has_none()
    {
        await using var cluster = await RunningAsync();
        using var viewer = await RfbClient.ConnectAsync(cluster.Server.Url, "web");
        await viewer.UpdateAsync(incremental: false);
        var closing = viewer.ReadCloseAsync();
        await cluster.EditAsync(cluster.Vms, "web", vm => vm["spec"]!["runStrategy"] = "Halted");
        await cluster.UntilAsync(() => cluster.Find(cluster.Vmis, "web") is null ? "gone" : null, _ => true, "the VMI to be gone");
        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, ConsoleSession.StoppedReason), await closing);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(cluster, "web")).Code);
    }
}
