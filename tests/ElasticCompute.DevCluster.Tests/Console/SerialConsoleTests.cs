using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Simulation.Serial;
using ElasticCompute.DevCluster.Tests.Simulation;

namespace ElasticCompute.DevCluster.Tests.Console;

/// <summary>The console subresource through devcluster's HTTP server, over a real WebSocket.</summary>
public sealed class SerialConsoleTests
{
    internal static async Task<SimCluster> RunningAsync(string name = "web")
    {
        var cluster = await SimCluster.StartAsync();
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm(name, "Always"));
        await cluster.UntilAsync(cluster.Vmis, name, v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");
        return cluster;
    }

    private static Task<(HttpStatusCode Code, string? Message)> GetAsync(SimCluster cluster, string name) => GetAsync(ConsoleClient.Path(cluster.Server.Url, name));

    /// <summary>A plain GET of a subresource's address (no upgrade): its status and the message of its Status.</summary>
    internal static async Task<(HttpStatusCode Code, string? Message)> GetAsync(Uri path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(path);
        return (response.StatusCode, SimCluster.Str(JsonNode.Parse(await response.Content.ReadAsStringAsync())?["message"]));
    }

    [Fact]
    public async Task A_user_logs_in_on_the_console_of_a_running_vmi_and_reads_a_commands_answer()
    {
        await using var cluster = await SimCluster.StartAsync();
        Assert.Equal((HttpStatusCode.NotFound, "virtualmachineinstances.kubevirt.io \"web\" not found"), await GetAsync(cluster, "web"));
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "Always"));
        await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Pending", "the VMI to be pending");
        Assert.Equal((HttpStatusCode.BadRequest, "VMI is not running"), await GetAsync(cluster, "web"));
        await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");

        using var console = await ConsoleClient.ConnectAsync(cluster.Server.Url, "web");
        Assert.Contains("Set hostname to <web>", await console.ReadUntilAsync("web login: "), StringComparison.Ordinal);

        // A text frame is dropped without a word, as virt-handler does; bytes come in binary frames.
        await console.TypeAsync("ignored\r", WebSocketMessageType.Text);
        await console.TypeAsync("ada\r");
        Assert.Equal("ada\r\nPassword: ", await console.ReadUntilAsync("Password: "));
        await console.TypeAsync("secret\r");
        await console.ReadUntilAsync("ada@web:~$ ");
        await console.TypeAsync("uname -a\r");
        Assert.Equal("uname -a\r\nLinux web 6.8.0-devcluster #1 SMP PREEMPT_DYNAMIC x86_64 x86_64 x86_64 GNU/Linux\r\nada@web:~$ ", await console.ReadUntilAsync("ada@web:~$ "));
        Assert.DoesNotContain("ignored", console.Seen, StringComparison.Ordinal);
        await console.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_second_connection_takes_over_gets_the_scroll_back_and_the_first_is_told_why()
    {
        await using var cluster = await RunningAsync();
        using var first = await ConsoleClient.ConnectAsync(cluster.Server.Url, "web");
        await first.ReadUntilAsync("web login: ");
        await first.TypeAsync("ada\rpw\rhostname\r");
        await first.ReadUntilAsync("web\r\nada@web:~$ ");

        using var second = await ConsoleClient.ConnectAsync(cluster.Server.Url, "web");
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, ConsoleSession.TakenOverReason), await first.ReadCloseAsync());
        var replay = await second.ReadUntilAsync("hostname\r\nweb\r\nada@web:~$ ");
        Assert.Equal(1, replay.Split("Linux version").Length - 1);
        await second.TypeAsync("whoami\r");
        Assert.Equal("whoami\r\nada\r\nada@web:~$ ", await second.ReadUntilAsync("ada@web:~$ "));
    }

    [Fact]
    public async Task A_restart_closes_the_console_and_the_next_connection_sees_a_new_boot()
    {
        await using var cluster = await RunningAsync();
        var uid = ObjectMeta.Uid(cluster.Find(cluster.Vmis, "web")!);
        using var before = await ConsoleClient.ConnectAsync(cluster.Server.Url, "web");
        await before.ReadUntilAsync("web login: ");
        await before.TypeAsync("ada\rpw\recho before the restart\r");
        await before.ReadUntilAsync("before the restart\r\nada@web:~$ ");

        using (var http = new HttpClient())
        {
            using var restart = await http.PutAsync(new Uri(cluster.Server.Url, "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/web/restart"), new StringContent("{}"));
            Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        }

        var closing = before.ReadCloseAsync();
        await cluster.UntilAsync(cluster.Vmis, "web", v => ObjectMeta.Uid(v) != uid && SimCluster.Str(v["status"]?["phase"]) == "Running", "the new VMI to run");
        Assert.Equal((WebSocketCloseStatus.EndpointUnavailable, ConsoleSession.StoppedReason), await closing);

        using var after = await ConsoleClient.ConnectAsync(cluster.Server.Url, "web");
        var boot = await after.ReadUntilAsync("web login: ");
        Assert.StartsWith("[    0.000000] Linux version", boot, StringComparison.Ordinal);
        Assert.DoesNotContain("before the restart", boot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_of_a_failed_vmi_is_a_conflict()
    {
        await using var cluster = await RunningAsync();
        await cluster.EditAsync(cluster.Vms, "web", vm => vm["spec"]!["runStrategy"] = "Manual");
        for (var attempt = 0; ; attempt++)
        {
            var vmi = cluster.Find(cluster.Vmis, "web")!;
            vmi["status"]!["phase"] = "Failed";
            try
            {
                await cluster.Registry.UpdateAsync(cluster.Vmis, "default", "web", vmi, "status", WriteOptions.Default);
                break;
            }
            catch (ElasticCompute.DevCluster.Server.Errors.ApiException e) when (e.Code == 409 && attempt < 10)
            {
                // virt-controller wrote the status in between.
            }
        }
        Assert.Equal((HttpStatusCode.Conflict, "Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"web\": VMI is in failed status"), await GetAsync(cluster, "web"));
    }
}
