using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>Every page: axe-core finds no serious or critical violation, and a screenshot at phone, laptop and TV sizes.</summary>
[Collection(PortalTests.Name)]
public sealed class PageCatalogTests(PortalFixture fixture) : IAsyncLifetime
{
    private static readonly (int Width, int Height)[] Viewports = [(360, 740), (1280, 800), (1920, 1080)];

    public async Task InitializeAsync()
    {
        if (await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", "shown-1") is null)
        {
            await PortalDriver.CreateThroughApiAsync(fixture.Client, "team-a", "shown-1", cpu: 2, memory: "4Gi");
            await PortalDriver.CreateThroughApiAsync(fixture.Client, "team-a", "shown-2", cpu: 1, memory: "2Gi", runStrategy: RunStrategy.Halted);
            await PortalDriver.CreateThroughApiAsync(fixture.Client, "team-a", "too-big-1", cpu: 32, memory: "128Gi");
        }

        await PortalDriver.WaitForPhaseAsync(fixture.Client, "team-a", "shown-1", MachinePhase.Running);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> Pages() => new()
    {
        { "signin", "", "/signin" },
        { "machines", "alice", "/tenants/team-a/machines" },
        { "machines-empty", "bob", "/tenants/team-b/machines" },
        { "create", "alice", "/tenants/team-a/machines/new" },
        { "machine", "alice", "/tenants/team-a/machines/shown-1" },
        { "machine-waiting", "alice", "/tenants/team-a/machines/too-big-1" },
        { "console", "alice", "/tenants/team-a/machines/shown-1/console" },
        { "console-text", "alice", "/tenants/team-a/machines/shown-1/console/text" },
        { "display", "alice", "/tenants/team-a/machines/shown-1/display" },
        { "quota", "alice", "/tenants/team-a/quota" },
        { "not-found", "alice", "/tenants/team-b/machines" },
        { "home-admin", "admin", "/" },
        { "capacity", "admin", "/admin/capacity" },
        { "tenants", "admin", "/admin/tenants" },
        { "accounts", "admin", "/admin/accounts" },
    };

    [SkippableTheory]
    [MemberData(nameof(Pages))]
    public async Task A_page_has_no_serious_accessibility_violation_at_any_size(string name, string user, string path)
    {
        var page = await fixture.NewPageAsync(360, 740);
        if (user.Length > 0)
        {
            await PortalFixture.SignInAsync(page, user, user switch { "alice" => PortalFixture.AlicePassword, "bob" => PortalFixture.BobPassword, _ => PortalFixture.AdminPassword });
        }

        await page.GotoAsync(path);
        if (name == "console")
        {
            // The terminal is drawn and shows the machine's console before it is judged.
            await Expect(page.Locator("#console-state")).ToHaveTextAsync("Connected");
            await Expect(ConsoleDriver.Screen(page)).ToContainTextAsync("shown-1 login:");
        }

        if (name == "display")
        {
            // noVNC has its canvas up (judged with it, focusable and labelled).
            await Expect(page.Locator("#display-state")).ToHaveTextAsync("Connected");
            await Expect(page.Locator("#screen canvas")).ToHaveAttributeAsync("tabindex", "0");
        }

        foreach (var (width, height) in Viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            if (width != 1920)
            {
                // The TV layout is the laptop's scaled up; axe checks the phone's and the laptop's.
                var results = await page.RunAxe();
                var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
                Assert.True(serious.Length == 0, $"{name} at {width}x{height}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
            }

            await Screenshots.SaveAsync(page, name);

            // Nothing runs wider than the screen: a phone scrolls down, never sideways.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{name} at {width}x{height} is {overflow} px wider than the screen");
        }

        await page.Context.CloseAsync();
    }
}
