using System.Net;
using System.Net.WebSockets;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>
/// The console's WebSocket goes to the cluster as the signed-in member, as every other request does with impersonation
/// on, although ClientWebSocket does not pass through the client's HTTP handlers; and a refusal reaches the page in words.
/// </summary>
public sealed class ConsoleImpersonationTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private const string Password = "carol-password-for-the-console";

    [Fact]
    public async Task A_members_console_is_opened_as_that_member_and_a_missing_vmi_closes_the_page_socket_saying_the_machine_is_not_running()
    {
        var tenant = await cluster.FreshNamespaceAsync("console");
        await PortalDriver.CreateThroughApiAsync(cluster.Client, tenant, "web");
        await using var portal = await PortalApp.StartAsync(
            new PortalOptions { Listen = "127.0.0.1:0", Impersonate = true, LoggerFactory = NullLoggerFactory.Instance }, cluster.Configuration, CancellationToken.None);
        var member = $"carol-{tenant[^6..]}";
        Assert.Null(await portal.Services.GetRequiredService<AccountService>().CreateAsync(member, Password, AccountRole.Member, [tenant], CancellationToken.None));
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = portal.Url })
        {
            await ImpersonationEndToEndTests.SignInAsync(browser, member, Password);
        }

        var session = cookies.GetCookies(portal.Url)[ConsoleDriver.SessionCookie]!.Value;
        var (refused, socket) = await ConsoleDriver.OpenAsync(portal.Url, ConsoleDriver.SocketPath(tenant, "web"), session, ConsoleDriver.Origin(portal.Url));
        using (socket)
        {
            Assert.Null(refused);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var frame = await socket.ReceiveAsync(new byte[1024], timeout.Token);
            Assert.Equal(WebSocketMessageType.Close, frame.MessageType);
            Assert.Equal(4004, (int)socket.CloseStatus!);
            Assert.Equal("The machine is not running. Start it from its page.", socket.CloseStatusDescription);
        }

        // The upgrade, and the client's GET that reads the refusal's Status, both as the member in the tenant's group.
        var console = cluster.Requests.All.Where(r => r.Path == $"/apis/subresources.kubevirt.io/v1/namespaces/{tenant}/virtualmachineinstances/web/console").ToList();
        Assert.Equal(2, console.Count);
        Assert.Contains(console, r => r.Header("Upgrade").Contains("websocket", StringComparer.OrdinalIgnoreCase));
        Assert.All(console, r => Assert.Equal([$"elasticcompute:{member}"], r.Header("Impersonate-User")));
        Assert.All(console, r => Assert.Equal([ImpersonationHandler.TenantGroupPrefix + tenant], r.Header("Impersonate-Group")));
    }
}
