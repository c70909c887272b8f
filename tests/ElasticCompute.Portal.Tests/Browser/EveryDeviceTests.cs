using System.Text.RegularExpressions;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>The create flow as a TV browser or a remote drives it: with script off, and with the keyboard alone.</summary>
[Collection(PortalTests.Name)]
public sealed class EveryDeviceTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task With_javascript_off_the_whole_flow_is_links_and_forms()
    {
        var page = await fixture.NewPageAsync(360, 740, javaScript: false);
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/new");

        // No script: the recommendation follows the choice when Recalculate is pressed, keeping every value.
        await page.GetByLabel("Machine name").FillAsync("noscript-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Custom" }).CheckAsync();
        await page.GetByLabel("vCPUs (custom)").SelectOptionAsync("2");
        await page.GetByLabel("Memory in GiB (custom)").FillAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recalculate" }).ClickAsync();
        await Expect(page.Locator("#recommendation")).ToContainTextAsync("160 GiB");
        await Expect(page.GetByLabel("Machine name")).ToHaveValueAsync("noscript-1");
        await Expect(page.GetByLabel("Memory in GiB (custom)")).ToHaveValueAsync("8");
        await Screenshots.SaveAsync(page, "create-noscript");

        // A value the rules refuse comes back next to its field, with the other values kept.
        await page.GetByLabel("Memory in GiB (custom)").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync();
        await Expect(page.Locator("#MemoryGi-error")).ToContainTextAsync("Memory: 40Gi for 2 vCPU is 20Gi per vCPU, above the largest allowed ratio 8Gi per vCPU");
        await Expect(page.GetByLabel("Machine name")).ToHaveValueAsync("noscript-1");
        await Expect(page.GetByLabel("Memory in GiB (custom)")).ToHaveValueAsync("40");

        await page.GetByLabel("Memory in GiB (custom)").FillAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines/noscript-1$"));
        await PortalDriver.ReloadUntilAsync(page, "#machine-state", "running");
        await Expect(page.Locator("#fact-disk")).ToHaveTextAsync("160 GiB");

        await page.GetByLabel("vCPUs").SelectOptionAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resize" }).ClickAsync();
        await PortalDriver.ReloadUntilAsync(page, "#fact-cpu", "4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true }).ClickAsync();
        await PortalDriver.ReloadUntilAsync(page, "#machine-state", "stopped");

        await page.GetByLabel("Type noscript-1 to confirm").FillAsync("noscript-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete machine" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));
        await Eventually.TrueAsync(async () => await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", "noscript-1") is null, TimeSpan.FromSeconds(60));
    }

    [SkippableFact]
    public async Task With_the_keyboard_alone_a_person_signs_in_and_creates_a_machine()
    {
        var page = await fixture.NewPageAsync(1920, 1080);
        await page.GotoAsync("/signin");

        // The name field has focus on arrival (a TV remote has no pointer to put it there).
        await page.Keyboard.TypeAsync("alice");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(PortalFixture.AlicePassword);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));

        await TabToAsync(page, "New machine");
        await AssertFocusIsVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New machine" })).ToBeVisibleAsync();

        await TabToAsync(page, "Machine name");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("keys-1");

        // Into the plan cards, and arrow keys move the choice as in any radio group.
        await TabToAsync(page, "2 vCPU · 4 GiB");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "1 vCPU · 4 GiB" })).ToBeCheckedAsync();
        await AssertFocusIsVisibleAsync(page);
        await Expect(page.Locator("#recommendation")).ToContainTextAsync("80 GiB");

        await TabToAsync(page, "Create machine");
        await AssertFocusIsVisibleAsync(page);
        await Screenshots.SaveAsync(page, "create-keyboard");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines/keys-1$"));
        await Expect(page.Locator("#machine-state")).ToHaveTextAsync("running", new() { Timeout = 60_000 });

        // And away again, by keyboard: the delete form.
        await TabToAsync(page, "Type keys-1 to confirm");
        await page.Keyboard.TypeAsync("keys-1");
        await TabToAsync(page, "Delete machine");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));
    }

    /// <summary>Presses Tab until the focused element's accessible name (label, text or aria) contains <paramref name="name"/>.</summary>
    private static async Task TabToAsync(IPage page, string name)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(
                """
                () => {
                  const e = document.activeElement;
                  if (!e) return '';
                  const label = e.id ? document.querySelector('label[for="' + e.id + '"]') : null;
                  return [e.getAttribute('aria-label'), label && label.textContent, e.closest('label') && e.closest('label').textContent, e.textContent, e.value].filter(Boolean).join(' ');
                }
                """);
            if (focused.Contains(name, StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached \"{name}\"");
    }

    /// <summary>The focused element shows a ring a person sees from across the room: a solid outline at least 3 px wide.</summary>
    private static async Task AssertFocusIsVisibleAsync(IPage page)
    {
        var outline = await page.EvaluateAsync<string[]>("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }");
        Assert.Equal("solid", outline[0]);
        Assert.True(double.Parse(outline[1].Replace("px", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 3, $"outline is {outline[1]}");
    }
}
