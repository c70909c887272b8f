using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>A tenant with more machines than a page holds: fifty to a page, in name order, with a way on and back.</summary>
[Collection(PortalTests.Name)]
public sealed class MachineListTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task A_long_list_is_read_fifty_machines_at_a_time()
    {
        var tenant = await fixture.TenantAsync("many");
        await Task.WhenAll(Enumerable.Range(1, 60).Select(i =>
            PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, $"m-{i:D3}", runStrategy: RunStrategy.Halted)));

        var page = await fixture.NewPageAsync(javaScript: false);
        await PortalFixture.SignInAsync(page, "admin", PortalFixture.AdminPassword);
        await page.GotoAsync($"/tenants/{tenant}/machines");
        await Expect(page.Locator(".pager")).ToContainTextAsync("Machines 1–50 of 60");
        await Expect(page.Locator("table.machines tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("table.machines tbody tr").First).ToContainTextAsync("m-001");

        await page.GetByRole(AriaRole.Link, new() { Name = "Next 50" }).ClickAsync();
        await Expect(page.Locator(".pager")).ToContainTextAsync("Machines 51–60 of 60");
        await Expect(page.Locator("table.machines tbody tr")).ToHaveCountAsync(10);
        await Expect(page.Locator("table.machines tbody tr").Last).ToContainTextAsync("m-060");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next 50" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "First page" }).ClickAsync();
        await Expect(page.Locator(".pager")).ToContainTextAsync("Machines 1–50 of 60");

        // A page key past the last name (with markup in it): the first page again, with a word why, never an error page.
        var response = await page.GotoAsync($"/tenants/{tenant}/machines?after={Uri.EscapeDataString("zzz<b>bold</b>")}");
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator(".pager")).ToContainTextAsync("Machines 1–50 of 60");
        await Expect(page.Locator(".banner.warn")).ToContainTextAsync("No machine comes after \"zzz<b>bold</b>\"");
        await Expect(page.Locator(".banner.warn b")).ToHaveCountAsync(0);
    }
}
