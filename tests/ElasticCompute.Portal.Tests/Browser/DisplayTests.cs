using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>The graphical console page as a person uses it: noVNC through the portal's proxy to the VMI's vnc subresource, devcluster's simulated screen.</summary>
[Collection(PortalTests.Name)]
public sealed class DisplayTests(PortalFixture fixture)
{
    // Colours of devcluster's simulated screen (SimulatedScreen): the title bar, the text, the Ctrl+Alt+Del line.
    private const int TitlePaper = 0x2f6fb0, Ink = 0xe8e8e8, Alert = 0xffc857;

    private static string SocketPath(string machine) => $"/tenants/team-a/machines/{machine}/display/socket";

    private async Task<IPage> DisplayAsync(string machine, int width = 1280, int height = 800)
    {
        var page = await fixture.NewPageAsync(width, height);
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync($"/tenants/team-a/machines/{machine}/display");
        await Expect(page.Locator("#display-state")).ToHaveTextAsync("Connected");
        return page;
    }

    /// <summary>How many pixels of the canvas noVNC draws on have colour <paramref name="rgb"/>.</summary>
    private static Task<int> PixelsAsync(IPage page, int rgb) => page.EvaluateAsync<int>(
        """
        rgb => {
          const c = document.querySelector('#screen canvas');
          if (!c || !c.width) { return 0; }
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) { if (((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) === rgb) { n++; } }
          return n;
        }
        """, rgb);

    private static Task AtLeastAsync(IPage page, int rgb, int count, string what) =>
        Eventually.TrueAsync(async () => await PixelsAsync(page, rgb) >= count, TimeSpan.FromSeconds(15), what);

    [SkippableFact]
    public async Task A_member_opens_the_graphical_console_sees_the_machines_screen_sends_ctrl_alt_del_and_downloads_a_screenshot()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "vnc-main");
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/vnc-main");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the graphical console" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines/vnc-main/display$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Graphical console of vnc-main");
        await Expect(page.Locator("#display-state")).ToHaveTextAsync("Connected");
        await Expect(page.Locator("#display-needs-script")).ToBeHiddenAsync();

        // The simulated server's framebuffer reaches the canvas: its title bar and its login prompt.
        await AtLeastAsync(page, TitlePaper, 640 * 10, "the title bar on the canvas");
        await AtLeastAsync(page, Ink, 100, "the login prompt on the canvas");
        Assert.Equal(0, await PixelsAsync(page, Alert));

        await page.GetByRole(AriaRole.Button, new() { Name = "Send Ctrl+Alt+Del" }).ClickAsync();
        await AtLeastAsync(page, Alert, 100, "the simulated guest's Ctrl+Alt+Del line");
        await Screenshots.SaveAsync(page, "display-session");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Screenshot" }).ClickAsync());
        Assert.Matches(new Regex(@"^vnc-main-\d{8}-\d{6}\.png$"), download.SuggestedFilename);
        var png = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("\x89PNG\r\n\x1a\n", Encoding.Latin1.GetString(png, 0, 8));
        Assert.Equal((640, 400), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task With_the_keyboard_only_a_person_tabs_to_the_screen_types_to_it_and_shift_tab_leaves_it()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "vnc-keys");
        var page = await DisplayAsync("vnc-keys");
        var canvas = page.Locator("#screen canvas");
        for (var i = 0; i < 40 && !await canvas.EvaluateAsync<bool>("c => c === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(canvas).ToBeFocusedAsync();
        await Expect(canvas).ToHaveAttributeAsync("aria-label", "Screen of vnc-keys: what you type here goes to the machine");
        await AtLeastAsync(page, Ink, 100, "the login prompt");
        var ink = await PixelsAsync(page, Ink);
        await page.Keyboard.TypeAsync("hello");
        await Eventually.TrueAsync(async () => await PixelsAsync(page, Ink) > ink + 50, TimeSpan.FromSeconds(15), "the typed letters echoed");

        // Tab goes to the machine; Shift+Tab leaves for the bar, whose buttons work from the keyboard.
        await page.Keyboard.PressAsync("Tab");
        await Expect(canvas).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Locator("#display-shot")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Locator("#display-cad")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await AtLeastAsync(page, Alert, 100, "Ctrl+Alt+Del from the keyboard");
        await Expect(page.Locator("#display-cad")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Without_javascript_the_page_says_so_and_links_the_text_console()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "vnc-main");
        var page = await fixture.NewPageAsync(360, 740, javaScript: false);
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/vnc-main/display");
        await Expect(page.Locator("#display-needs-script")).ToContainTextAsync("The graphical console needs JavaScript");
        await Expect(page.Locator("#display")).ToBeHiddenAsync();
        await Screenshots.SaveAsync(page, "display-no-script");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the text console" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines/vnc-main/console/text$"));
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_screen_fits_a_phone_and_a_tv_and_the_tv_takes_it_over_from_the_phone()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "vnc-fit");
        var phone = await DisplayAsync("vnc-fit", 360, 740);
        await AtLeastAsync(phone, TitlePaper, 640 * 10, "the screen on the phone");
        var small = (await phone.Locator("#screen canvas").BoundingBoxAsync())!;
        Assert.InRange(small.Width, 250, 360);
        Assert.InRange(small.Height, small.Width * 0.6, small.Width * 0.65); // 640x400 scaled, not cropped
        await Screenshots.SaveAsync(phone, "display-phone");

        var tv = await DisplayAsync("vnc-fit", 1920, 1080);
        await AtLeastAsync(tv, TitlePaper, 640 * 10, "the screen on the TV");
        var large = (await tv.Locator("#screen canvas").BoundingBoxAsync())!;
        Assert.True(large.Width >= 1000 && large.Y + large.Height <= 1080, $"the TV's screen is {large.Width}x{large.Height} at {large.Y}");
        await Screenshots.SaveAsync(tv, "display-tv");

        await Expect(phone.Locator("#display-state")).ToHaveTextAsync("Another viewer took over this console.");
        await Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Reconnect" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(phone, "display-taken-over");
        await phone.Context.CloseAsync();
        await tv.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_display_socket_refuses_another_tenant_and_another_origin_and_serves_rfb_to_the_portals_own()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "vnc-main");
        var bob = await ConsoleDriver.SessionAsync(fixture, "bob", PortalFixture.BobPassword);
        var (forged, bobs) = await ConsoleDriver.OpenAsync(fixture.Url, SocketPath("vnc-main"), bob, ConsoleDriver.Origin(fixture.Url));
        using (bobs)
        {
            Assert.Equal(HttpStatusCode.NotFound, forged);
        }

        var alice = await ConsoleDriver.SessionAsync(fixture, "alice", PortalFixture.AlicePassword);
        var (elsewhere, cross) = await ConsoleDriver.OpenAsync(fixture.Url, SocketPath("vnc-main"), alice, "http://attacker.example");
        using (cross)
        {
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere);
        }

        var (ok, own) = await ConsoleDriver.OpenAsync(fixture.Url, SocketPath("vnc-main"), alice, ConsoleDriver.Origin(fixture.Url));
        using (own)
        {
            Assert.Null(ok);
            var buffer = new byte[64 * 1024];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var frame = await own.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Binary, frame.MessageType);
            Assert.Equal("RFB 003.008\n", Encoding.ASCII.GetString(buffer, 0, frame.Count));
            await own.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }
}
