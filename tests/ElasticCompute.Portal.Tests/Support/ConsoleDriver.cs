using System.Net;
using System.Net.WebSockets;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ElasticCompute.Portal.Tests.Support;

/// <summary>Steps of the console tests: a running machine, a signed-in session's cookie, the console's WebSocket opened by hand.</summary>
internal static class ConsoleDriver
{
    public const string SessionCookie = "ec.session";

    public static string SocketPath(string tenant, string machine) => $"/tenants/{tenant}/machines/{machine}/console/socket";

    /// <summary>A machine made through the API (if it is not there yet) and Running.</summary>
    public static async Task RunningAsync(PortalFixture fixture, string tenant, string name)
    {
        if (await PortalDriver.MachineOrNullAsync(fixture.Client, tenant, name) is null)
        {
            await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, name);
        }

        await PortalDriver.WaitForPhaseAsync(fixture.Client, tenant, name, MachinePhase.Running);
    }

    /// <summary>A machine made through the API halted (if it is not there yet), and Stopped.</summary>
    public static async Task StoppedAsync(PortalFixture fixture, string tenant, string name)
    {
        if (await PortalDriver.MachineOrNullAsync(fixture.Client, tenant, name) is null)
        {
            await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, name, runStrategy: RunStrategy.Halted);
        }

        await PortalDriver.WaitForPhaseAsync(fixture.Client, tenant, name, MachinePhase.Stopped);
    }

    /// <summary>Restarts the machine as its page's Restart button does.</summary>
    public static async Task RestartAsync(PortalFixture fixture, string tenant, string name)
    {
        var machine = await PortalDriver.MachineOrNullAsync(fixture.Client, tenant, name) ?? throw new InvalidOperationException($"{tenant}/{name} does not exist");
        await fixture.Portal.Services.GetRequiredService<MachineStore>().RestartAsync(tenant, machine.Status?.VirtualMachineName ?? name, CancellationToken.None);
    }

    /// <summary>Signs in through the form and returns the session cookie's value.</summary>
    public static async Task<string> SessionAsync(PortalFixture fixture, string user, string password)
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, user, password);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == SessionCookie).Value;
        await page.Context.CloseAsync();
        return cookie;
    }

    /// <summary>Opens a console socket as a browser would (cookie, Origin); the status of a refused handshake, else null and the socket.</summary>
    public static async Task<(HttpStatusCode? Refused, ClientWebSocket Socket)> OpenAsync(Uri portal, string path, string? cookie, string? origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (cookie is not null)
        {
            socket.Options.SetRequestHeader("Cookie", $"{SessionCookie}={cookie}");
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        try
        {
            await socket.ConnectAsync(new UriBuilder(new Uri(portal, path)) { Scheme = "ws" }.Uri, CancellationToken.None);
            return (null, socket);
        }
        catch (WebSocketException)
        {
            return (socket.HttpStatusCode, socket);
        }
    }

    /// <summary>The portal's own origin, as its pages' WebSockets send it.</summary>
    public static string Origin(Uri portal) => portal.GetLeftPart(UriPartial.Authority);

    /// <summary>Text the terminal shows (xterm's rows).</summary>
    public static ILocator Screen(IPage page) => page.Locator("#terminal .xterm-rows");

    /// <summary>Clicks into the terminal, as a person does before typing.</summary>
    public static Task FocusAsync(IPage page) => page.Locator("#terminal .xterm-screen").ClickAsync();
}
