using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>Without script (or on a browser too old for xterm.js): the text console shows the output and sends a line.</summary>
[Collection(PortalTests.Name)]
public sealed class TextConsoleTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task Without_script_the_console_page_leads_to_the_text_console_which_shows_output_and_sends_a_line()
    {
        await ConsoleDriver.RunningAsync(fixture, "team-a", "con-text");
        var page = await fixture.NewPageAsync(360, 740, javaScript: false);
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/con-text/console");
        await Expect(page.Locator("#console")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "open the text console" }).ClickAsync();

        var output = page.Locator("#console-output");
        await Expect(output).ToContainTextAsync("Set hostname to <con-text>.");
        await Expect(output).ToContainTextAsync("con-text login:");
        Assert.StartsWith("20;", (await page.ReloadAsync())!.Headers["refresh"], StringComparison.Ordinal);

        await page.GetByLabel("Line to send").FillAsync("ada");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send line" }).ClickAsync();
        await Expect(page.Locator("#console-sent")).ToContainTextAsync("Sent: ada.");
        await Expect(output).ToContainTextAsync("Password:");
        await page.GetByLabel("Line to send").FillAsync("secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send line" }).ClickAsync();
        await Expect(output).ToContainTextAsync("ada@con-text:~$");
        await page.GetByLabel("Line to send").FillAsync("uname -a");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send line" }).ClickAsync();
        await Expect(output).ToContainTextAsync("Linux con-text 6.8.0-devcluster #1 SMP PREEMPT_DYNAMIC x86_64");
        await Expect(output).Not.ToContainTextAsync("Linux version");
        await Screenshots.SaveAsync(page, "console-text-answer");

        // The answer page does not refresh under the person reading it; the link starts refreshing again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Read again, and every 20 s" }).ClickAsync();
        await Expect(output).ToContainTextAsync("uname -a");
        await page.GetByRole(AriaRole.Link, new() { Name = "Stop refreshing" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Read again, and every 20 s" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_text_console_of_a_stopped_machine_says_so_and_a_too_long_line_is_refused_by_name()
    {
        await ConsoleDriver.StoppedAsync(fixture, "team-a", "con-stopped");

        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/con-stopped/console/text");
        await Expect(page.Locator("#console-problem")).ToContainTextAsync("The machine is not running. Start it from its page.");

        // Past the field's maxlength, as a hand-made post would be.
        await page.Locator("#console-line").EvaluateAsync("e => e.removeAttribute('maxlength')");
        await page.GetByLabel("Line to send").FillAsync(new string('x', 1001));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send line" }).ClickAsync();
        await Expect(page.Locator("#console-line-error")).ToHaveTextAsync("Line: at most 1000 characters (this one has 1001)");
        await page.Context.CloseAsync();
    }
}
