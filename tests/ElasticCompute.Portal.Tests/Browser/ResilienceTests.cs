using System.Text.RegularExpressions;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>The API server failing or slow: a clear message, the form's values kept, retry works; sessions end when they expire.</summary>
[Collection(PortalTests.Name)]
public sealed class ResilienceTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task A_failing_api_server_gets_a_clear_message_and_the_form_keeps_every_value()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/new");
        await page.GetByLabel("Machine name").FillAsync("retry-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Custom" }).CheckAsync();
        await page.GetByLabel("Memory in GiB (custom)").FillAsync("6");
        await page.GetByLabel("Paste a public key (optional)").FillAsync(ElasticCompute.Api.Tests.TestKeys.Ed25519);

        fixture.Faults.FailNext(1, "create", "elasticmachines.elasticcompute.io", 503);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(503, response.Status);
        await Expect(page.Locator("#cluster-problem")).ToContainTextAsync("The cluster did not answer in time or could not be reached");
        await Expect(page.GetByLabel("Machine name")).ToHaveValueAsync("retry-1");
        await Expect(page.GetByLabel("Memory in GiB (custom)")).ToHaveValueAsync("6");
        await Expect(page.GetByLabel("Paste a public key (optional)")).ToHaveValueAsync(ElasticCompute.Api.Tests.TestKeys.Ed25519);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Exception");

        // Retry: the same form again, and it goes through.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines/retry-1$"));
        var machine = await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", "retry-1");
        Assert.Equal("6Gi", machine!.Spec.Memory?.Value);
        Assert.Equal([ElasticCompute.Api.Tests.TestKeys.Ed25519], machine.Spec.SshKeys);

        // A read that fails: the page says so instead of a blank or a stack trace, and Try again works.
        fixture.Faults.FailNext(1, "get", "elasticmachines.elasticcompute.io", 500);
        var read = await page.GotoAsync("/tenants/team-a/machines/retry-1");
        Assert.Equal(503, read!.Status);
        await Expect(page.Locator("#cluster-problem")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("retry-1");

        // The list is read from the portal's shared cache, so it shows while the API server refuses lists.
        fixture.Faults.FailNext(5, "list", "elasticmachines.elasticcompute.io", 500);
        var list = await page.GotoAsync("/tenants/team-a/machines");
        Assert.Equal(200, list!.Status);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "retry-1" })).ToBeVisibleAsync();
        fixture.Faults.Reset();
    }

    [SkippableFact]
    public async Task A_slow_api_server_gets_the_same_clear_message_once_the_portal_stops_waiting()
    {
        await using var portal = await fixture.StartPortalAsync(new PortalOptions { Listen = "127.0.0.1:0", ClusterTimeout = TimeSpan.FromSeconds(1) });
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = portal.Url.ToString() });
        var page = await context.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);

        fixture.Faults.Delay(TimeSpan.FromSeconds(4), count: 1, verb: "get", resource: "elasticmachines.elasticcompute.io");
        var response = await page.GotoAsync("/tenants/team-a/machines/slow-1");
        Assert.Equal(503, response!.Status);
        await Expect(page.Locator("#cluster-problem")).ToContainTextAsync("did not answer in time");
        await context.CloseAsync();
    }

    [SkippableFact]
    public async Task A_session_ends_when_it_has_not_been_used_for_its_lifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var portal = await fixture.StartPortalAsync(new PortalOptions { Listen = "127.0.0.1:0", Time = clock, SessionLifetime = TimeSpan.FromHours(1) });
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = portal.Url.ToString() });
        var page = await context.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));

        clock.Advance(TimeSpan.FromMinutes(59));
        await page.GotoAsync("/tenants/team-a/quota");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/quota$"));

        clock.Advance(TimeSpan.FromMinutes(61));
        await page.GotoAsync("/tenants/team-a/machines");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await context.CloseAsync();
    }
}
