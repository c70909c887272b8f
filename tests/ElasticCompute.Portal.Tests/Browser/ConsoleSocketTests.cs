using System.Net;
using System.Net.WebSockets;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>The console's WebSocket as an attacker or a proxy meets it: the tenant check, the Origin check, the pings.</summary>
[Collection(PortalTests.Name)]
public sealed class ConsoleSocketTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task Tenant_b_cannot_open_tenant_as_console_and_the_refusal_is_logged()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "con-login");
        var bob = await ConsoleDriver.SessionAsync(fixture, "bob", PortalFixture.BobPassword);
        var (refused, socket) = await ConsoleDriver.OpenAsync(fixture.Url, ConsoleDriver.SocketPath("team-a", "con-login"), bob, ConsoleDriver.Origin(fixture.Url));
        using (socket)
        {
            Assert.Equal(HttpStatusCode.NotFound, refused);
        }

        Assert.Contains(fixture.Logs.Lines, l => l.Message.Contains(
            "tenant check refused: bob asked for tenant team-a (GET /tenants/team-a/machines/con-login/console/socket); answered 404", StringComparison.Ordinal));

        // Nor without a session: the sign-in page answers (ClientWebSocket follows the redirect to it), not the console.
        var (anonymous, none) = await ConsoleDriver.OpenAsync(fixture.Url, ConsoleDriver.SocketPath("team-a", "con-login"), null, ConsoleDriver.Origin(fixture.Url));
        using (none)
        {
            Assert.NotNull(anonymous);
            Assert.Equal(WebSocketState.Closed, none.State);
        }
    }

    [SkippableFact]
    public async Task A_websocket_from_another_origin_or_none_is_refused_with_403()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "con-login");
        var alice = await ConsoleDriver.SessionAsync(fixture, "alice", PortalFixture.AlicePassword);
        foreach (var origin in new[] { "http://attacker.example", "null", null })
        {
            var (refused, socket) = await ConsoleDriver.OpenAsync(fixture.Url, ConsoleDriver.SocketPath("team-a", "con-login"), alice, origin);
            using (socket)
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused);
            }
        }

        Assert.Contains(fixture.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("console origin refused: alice opened", StringComparison.Ordinal)
            && l.Message.Contains("from origin http://attacker.example; answered 403", StringComparison.Ordinal));

        // The same session from the portal's own origin opens it, and its first frame is the console's output.
        var (ok, own) = await ConsoleDriver.OpenAsync(fixture.Url, ConsoleDriver.SocketPath("team-a", "con-login"), alice, ConsoleDriver.Origin(fixture.Url));
        using (own)
        {
            Assert.Null(ok);
            var buffer = new byte[64 * 1024];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var frame = await own.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Binary, frame.MessageType);
            await own.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    [SkippableFact]
    public async Task The_proxy_pings_the_browser_so_an_idle_console_stays_open_behind_proxies()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "con-ping");
        await using var portal = await fixture.StartPortalAsync(new PortalOptions { Listen = "127.0.0.1:0", ConsolePingInterval = TimeSpan.FromMilliseconds(200) });
        var alice = await ConsoleDriver.SessionAsync(fixture, "alice", PortalFixture.AlicePassword);

        // The session cookie of one replica signs in at another (the cookie keys are a Secret they share).
        using var socket = await RawWebSocket.ConnectAsync(portal.Url, ConsoleDriver.SocketPath("team-a", "con-ping"), alice);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var opcodes = new List<int>();
        while (!opcodes.Contains(RawWebSocket.Ping))
        {
            opcodes.Add((await socket.ReadFrameAsync(timeout.Token)).Opcode);
        }
    }
}
