using System.Net;
using System.Net.Sockets;
using System.Text;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Tests.Simulation;

namespace ElasticCompute.DevCluster.Tests.Services;

/// <summary>A Service's node port (and a load balancer's address) on loopback reaches the selected guest through the runtime.</summary>
public sealed class ServiceForwardingTests
{
    [Fact]
    public async Task Bytes_flow_from_a_node_port_to_the_guest_and_back_and_stop_when_the_service_goes()
    {
        using var guest = new EchoGuest();
        var runtime = new FakeVmRuntime { Guest = guest.EndPoint };
        await using var cluster = await SimCluster.StartAsync(runtime: runtime);
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "Always"));
        var vmi = await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");
        Assert.Equal("web", SimCluster.Str(vmi["metadata"]!["labels"]!["vm.kubevirt.io/name"]));

        var svc = await cluster.CreateAsync(cluster.Services, ServiceAllocationTests.Service("web-ssh", "NodePort"));
        var nodePort = svc["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();

        Assert.Equal("guest:hello", await ExchangeAsync(new IPEndPoint(IPAddress.Loopback, nodePort), "hello"));
        Assert.Contains("forward web 22", runtime.Calls);

        await cluster.Registry.DeleteAsync(cluster.Services, "default", "web-ssh", DeleteOptions.Default);
        await UntilRefusedAsync(new IPEndPoint(IPAddress.Loopback, nodePort));
    }

    [Fact]
    public async Task A_service_with_no_running_vmi_closes_the_connection_at_once()
    {
        using var guest = new EchoGuest();
        await using var cluster = await SimCluster.StartAsync(runtime: new FakeVmRuntime { Guest = guest.EndPoint });

        var svc = await cluster.CreateAsync(cluster.Services, ServiceAllocationTests.Service("nobody", "NodePort", selector: "{vm.kubevirt.io/name: missing}"));

        // Accepted (the node port listens) and closed before a byte: ended, or reset since what was sent is unread.
        var answer = await Record.ExceptionAsync(async () => Assert.Equal(string.Empty, await ExchangeAsync(new IPEndPoint(IPAddress.Loopback, svc["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>()), "hello")));
        Assert.True(answer is null || answer is SocketException { SocketErrorCode: SocketError.ConnectionReset }, answer?.ToString());
        Assert.Equal(0, guest.Accepted);
    }

    [Fact]
    public async Task A_load_balancer_gets_a_loopback_ingress_address_that_forwards_its_port()
    {
        using var guest = new EchoGuest();
        await using var cluster = await SimCluster.StartAsync(runtime: new FakeVmRuntime { Guest = guest.EndPoint });
        await cluster.CreateAsync(cluster.Vms, VirtualMachineSimulationTests.Vm("web", "Always"));
        await cluster.UntilAsync(cluster.Vmis, "web", v => SimCluster.Str(v["status"]?["phase"]) == "Running", "the VMI to run");

        await cluster.CreateAsync(cluster.Services, ServiceAllocationTests.Service("web-lb", "LoadBalancer", "[{name: app, port: 18022, targetPort: 22}]"));
        var svc = await cluster.UntilAsync(cluster.Services, "web-lb", s => s["status"]?["loadBalancer"]?["ingress"] is not null, "an ingress address");

        var ingress = IPAddress.Parse(SimCluster.Str(svc["status"]!["loadBalancer"]!["ingress"]![0]!["ip"])!);
        Assert.Equal(127, ingress.GetAddressBytes()[0]);
        Assert.Equal("guest:via lb", await ExchangeAsync(new IPEndPoint(ingress, 18022), "via lb"));
        Assert.Equal("guest:via node", await ExchangeAsync(new IPEndPoint(IPAddress.Loopback, svc["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>()), "via node"));
    }

    /// <summary>Sends a line, half-closes, and reads what comes back until the far side closes (retrying while the listener opens).</summary>
    private static async Task<string> ExchangeAsync(IPEndPoint at, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var attempt = 0; ; attempt++)
        {
            using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await client.ConnectAsync(at, timeout.Token);
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50, timeout.Token);
                continue;
            }

            await client.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, timeout.Token);
            client.Shutdown(SocketShutdown.Send);
            var received = new MemoryStream();
            var buffer = new byte[1024];
            int read;
            while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(received.ToArray());
        }
    }

    private static async Task UntilRefusedAsync(IPEndPoint at)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await client.ConnectAsync(at);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{at} still listens");
    }

    /// <summary>A guest's TCP service: answers "guest:" and what it was sent, then closes.</summary>
    private sealed class EchoGuest : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private int accepted;

        public EchoGuest()
        {
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

        public int Accepted => Volatile.Read(ref accepted);

        public void Dispose() => listener.Dispose();

        private async Task ServeAsync()
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref accepted);
                _ = Task.Run(async () =>
                {
                    using (socket)
                    {
                        await socket.SendAsync("guest:"u8.ToArray(), SocketFlags.None);
                        var buffer = new byte[1024];
                        int read;
                        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                        {
                            await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                        }

                        socket.Shutdown(SocketShutdown.Send);
                    }
                });
            }
        }
    }
}
