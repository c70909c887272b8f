using System.Text.RegularExpressions;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>The console page as a person uses it: xterm.js through the portal's proxy to the VMI's serial console in devcluster.</summary>
[Collection(PortalTests.Name)]
public sealed class ConsoleTests(PortalFixture fixture)
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    private async Task<IPage> ConsoleAsync(string machine, int width = 1280, int height = 800)
    {
        var page = await fixture.NewPageAsync(width, height);
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync($"/tenants/team-a/machines/{machine}/console");
        return page;
    }

    [SkippableFact]
    public async Task A_member_opens_the_console_from_the_machine_page_logs_in_and_reads_a_commands_answer()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "con-login");
        var page = await fixture.NewPageAsync();

        // What the page sends, frame by frame with its opcode (1 text, 2 binary), as chromium's DevTools report it.
        var opcodes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var devTools = await page.Context.NewCDPSessionAsync(page);
        devTools.Event("Network.webSocketFrameSent").OnEvent += (_, e) => opcodes.Enqueue(e!.Value.GetProperty("response").GetProperty("opcode").GetInt32());
        await devTools.SendAsync("Network.enable");
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/con-login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the console" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines/con-login/console$"));

        var screen = ConsoleDriver.Screen(page);
        await Expect(page.Locator("#console-state")).ToHaveTextAsync("Connected");
        await Expect(screen).ToContainTextAsync("con-login login:", Slow);
        await Expect(page.Locator("#text-console-link")).ToBeHiddenAsync();

        // xterm's own styles (theme colours, cell sizes) apply under the CSP without unsafe-inline.
        Assert.Equal("rgb(232, 232, 232)", await screen.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await ConsoleDriver.FocusAsync(page);
        await page.Keyboard.TypeAsync("ada");
        await page.Keyboard.PressAsync("Enter");
        await Expect(screen).ToContainTextAsync("Password:");
        await page.Keyboard.TypeAsync("secret");
        await page.Keyboard.PressAsync("Enter");
        await Expect(screen).ToContainTextAsync("ada@con-login:~$");
        await page.Keyboard.TypeAsync("uname -a");
        await page.Keyboard.PressAsync("Enter");
        await Expect(screen).ToContainTextAsync("Linux con-login 6.8.0-devcluster #1 SMP PREEMPT_DYNAMIC x86_64");
        await Screenshots.SaveAsync(page, "console-session");

        // Input goes as bytes in binary frames: KubeVirt drops text frames.
        Assert.True(opcodes.Count >= "ada\rsecret\runame -a\r".Length, $"{opcodes.Count} frames sent");
        Assert.All(opcodes, opcode => Assert.Equal(2, opcode));

        // The bar of special keys: Ctrl+C drops the typed line.
        await page.Keyboard.TypeAsync("sleep 100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ctrl+C (interrupt)" }).ClickAsync();
        await Expect(screen).ToContainTextAsync("sleep 100^C");

        // Paste: headless chromium grants no clipboard, so the page offers a field that sends.
        await page.GetByRole(AriaRole.Button, new() { Name = "Paste" }).ClickAsync();
        await page.GetByLabel("Text to send").FillAsync("echo pasted-$((1))-text\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send text" }).ClickAsync();
        await Expect(screen).ToContainTextAsync("pasted-$((1))-text");

        // The keyboard is never trapped: Shift+Tab leaves the terminal for the page's controls.
        await ConsoleDriver.FocusAsync(page);
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Locator("#console-fullscreen")).ToBeFocusedAsync();

        // Full screen fills the screen with the terminal, and the fit addon fills it with columns.
        var before = await screen.BoundingBoxAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Full screen" }).ClickAsync();
        await Expect(page.Locator("#console-fullscreen")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#console")).ToHaveClassAsync(new Regex("full"));
        await Eventually.TrueAsync(async () => (await screen.BoundingBoxAsync())!.Height > before!.Height, TimeSpan.FromSeconds(10));
        await page.GetByRole(AriaRole.Button, new() { Name = "Full screen" }).ClickAsync();
        await Expect(page.Locator("#console-fullscreen")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task After_the_machine_restarts_the_console_reconnects_by_itself_and_shows_the_new_boot()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "con-restart");
        var page = await ConsoleAsync("con-restart");
        var screen = ConsoleDriver.Screen(page);
        await Expect(screen).ToContainTextAsync("con-restart login:", Slow);
        await ConsoleDriver.FocusAsync(page);
        await page.Keyboard.TypeAsync("ada\nsecret\n");
        await Expect(screen).ToContainTextAsync("ada@con-restart:~$");
        await page.Keyboard.TypeAsync("clear\n");
        await Expect(screen).Not.ToContainTextAsync("Linux version");

        await ConsoleDriver.RestartAsync(fixture, "team-a", "con-restart");
        await Expect(page.Locator("#console-state")).ToContainTextAsync("Reconnecting in", Slow);
        await Screenshots.SaveAsync(page, "console-reconnecting");
        await Expect(screen).ToContainTextAsync("Linux version", new() { Timeout = 60_000 });
        await Expect(screen).ToContainTextAsync("con-restart login:");
        await Expect(page.Locator("#console-state")).ToHaveTextAsync("Connected");
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_console_of_a_stopped_machine_says_the_machine_is_not_running()
    {
        await ConsoleDriver.StoppedAsync(fixture, "team-a", "con-stopped");
        var page = await ConsoleAsync("con-stopped", 360, 740);
        await Expect(page.Locator("#console-not-running")).ToContainTextAsync("not running");
        await Expect(page.Locator("#console-state")).ToContainTextAsync("The machine is not running. Start it from its page. Reconnecting in");
        await Screenshots.SaveAsync(page, "console-stopped");

        // Its machine page offers no console.
        await page.GotoAsync("/tenants/team-a/machines/con-stopped");
        await Expect(page.Locator("#console-link")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task A_second_page_takes_the_console_over_and_the_first_says_so_and_waits_for_the_person()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "con-takeover");
        var first = await ConsoleAsync("con-takeover");
        await Expect(ConsoleDriver.Screen(first)).ToContainTextAsync("con-takeover login:", Slow);

        var second = await ConsoleAsync("con-takeover");
        await Expect(ConsoleDriver.Screen(second)).ToContainTextAsync("con-takeover login:", Slow);
        await Expect(first.Locator("#console-state")).ToHaveTextAsync("Another viewer took over this console.");
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Reconnect" })).ToBeVisibleAsync();

        // It does not take the console back by itself: after the longest first back-off it still says so.
        await first.WaitForTimeoutAsync(2500);
        await Expect(first.Locator("#console-state")).ToHaveTextAsync("Another viewer took over this console.");
        await Expect(second.Locator("#console-state")).ToHaveTextAsync("Connected");

        await first.GetByRole(AriaRole.Button, new() { Name = "Reconnect" }).ClickAsync();
        await Expect(first.Locator("#console-state")).ToHaveTextAsync("Connected");
        await Expect(second.Locator("#console-state")).ToHaveTextAsync("Another viewer took over this console.");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }
}
