using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>
/// Pages follow their machines without a reload: server-sent events fed by one shared watch per portal process; without
/// script the pages re-read themselves.
/// </summary>
[Collection(PortalTests.Name)]
public sealed partial class LiveStatusTests(PortalFixture fixture)
{
    private const string MachinesTable = "elasticmachines.elasticcompute.io";

    [SkippableFact]
    public async Task The_machines_list_changes_to_running_without_a_reload()
    {
        var (tenant, member, password) = await fixture.MemberAsync("live");
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, member, password);
        await page.GotoAsync($"/tenants/{tenant}/machines");
        await Expect(page.GetByText("Create your first machine")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.stayedOnThisPage = true; }");

        await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, "follows-1");
        var row = page.Locator("#live tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "follows-1", Exact = true }) });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(row.Locator(".state")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        await Expect(row.Locator("td[data-label='Node']")).Not.ToHaveTextAsync("–");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stayedOnThisPage === true"), "the page was reloaded");

        // Stopped from elsewhere (kubectl, another tab): the row says so, still without a reload.
        await StopAsync(tenant, "follows-1");
        await Expect(row.Locator(".state")).ToHaveTextAsync("stopped", new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.stayedOnThisPage === true"), "the page was reloaded");
    }

    [SkippableFact]
    public async Task The_machine_page_follows_its_machine_without_a_reload()
    {
        var (tenant, member, password) = await fixture.MemberAsync("live");
        await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, "follows-2");
        await PortalDriver.WaitForPhaseAsync(fixture.Client, tenant, "follows-2", MachinePhase.Running);
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, member, password);
        await page.GotoAsync($"/tenants/{tenant}/machines/follows-2");
        await Expect(page.Locator("#machine-state")).ToHaveTextAsync("running");
        await page.EvaluateAsync("() => { window.stayedOnThisPage = true; }");

        await StopAsync(tenant, "follows-2");
        await Expect(page.Locator("#machine-state")).ToHaveTextAsync("stopped", new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true })).ToBeEnabledAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.stayedOnThisPage === true"), "the page was reloaded");

        await fixture.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, tenant, ElasticMachine.KubePluralName, "follows-2");
        await Expect(page.Locator("#machine-state")).ToHaveTextAsync(new Regex("being deleted|deleted"), new() { Timeout = 60_000 });
    }

    [SkippableFact]
    public async Task Without_script_a_page_of_a_machine_on_its_way_re_reads_itself()
    {
        var (tenant, member, password) = await fixture.MemberAsync("live");
        var page = await fixture.NewPageAsync(javaScript: false);
        await PortalFixture.SignInAsync(page, member, password);
        // The operator's status writes are held back a few seconds, so the page is surely read before the machine runs.
        fixture.Faults.Delay(TimeSpan.FromSeconds(3), duration: TimeSpan.FromSeconds(6), verb: "patch", resource: "elasticmachines.elasticcompute.io");
        await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, "refreshes");
        await page.GotoAsync($"/tenants/{tenant}/machines/refreshes");
        await Expect(page.Locator("#machine-state")).Not.ToHaveTextAsync("running");
        await Expect(page.Locator("noscript meta[http-equiv='refresh']")).ToHaveAttributeAsync("content", "10");
        await Screenshots.SaveAsync(page, "machine-noscript-refreshing");

        // The test does not navigate: the page's own refresh (every 10 s while the machine is on its way) brings "running".
        await Expect(page.Locator("#machine-state")).ToHaveTextAsync("running", new() { Timeout = 60_000 });

        // A person may stop the re-reading (WCAG's timing rule): the page then stays as it is.
        var list = page.Url.Replace($"/machines/refreshes", "/machines", StringComparison.Ordinal);
        await page.GotoAsync(list);
        await Expect(page.Locator("noscript meta[http-equiv='refresh']")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = "Stop refreshing" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("refresh=off"));
        await Expect(page.Locator("noscript meta[http-equiv='refresh']")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task Every_open_live_page_is_served_by_the_one_shared_watch()
    {
        var (tenant, member, password) = await fixture.MemberAsync("live");
        await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, "shared-1", runStrategy: RunStrategy.Halted);
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, member, password);
        using var http = await LiveStream.ClientOfAsync(page, fixture.Url);
        var catalog = fixture.Portal.Services.GetRequiredService<MachineCatalog>();

        // The page sign-in led to is the tenant's live list: closed, so only the streams below follow the tenant.
        await page.CloseAsync();
        await Eventually.TrueAsync(() => Task.FromResult(catalog.Subscribers(tenant) == 0), TimeSpan.FromSeconds(10));

        var watchesBefore = fixture.Server.Store.OpenWatches(MachinesTable);
        var streams = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => LiveStream.OpenAsync(http, $"/tenants/{tenant}/live")));
        try
        {
            Assert.All(streams, s => Assert.Equal("text/event-stream", s.ContentType));
            await Eventually.TrueAsync(() => Task.FromResult(catalog.Subscribers(tenant) == 50), TimeSpan.FromSeconds(10));
            Assert.Equal(watchesBefore, fixture.Server.Store.OpenWatches(MachinesTable));

            await Patch(tenant, "shared-1", new { metadata = new { labels = new { touched = "yes" } }, spec = new { runStrategy = "Always" } });
            var received = await Task.WhenAll(streams.Select(s => s.NextAsync(m => m.Event == "machine" && Row(m).GetProperty("name").GetString() == "shared-1", TimeSpan.FromSeconds(30))));
            Assert.Equal(50, received.Length);
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.DisposeAsync();
            }
        }

        await Eventually.TrueAsync(() => Task.FromResult(catalog.Subscribers(tenant) == 0), TimeSpan.FromSeconds(10));
    }

    [SkippableFact]
    public async Task A_stream_sends_what_its_page_missed_and_asks_for_a_re_read_when_it_cannot()
    {
        var (tenant, member, password) = await fixture.MemberAsync("live");
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, member, password);
        await page.GotoAsync($"/tenants/{tenant}/machines");
        var stream = await page.Locator("#live").GetAttributeAsync("data-stream");
        Assert.NotNull(stream);
        await page.CloseAsync();

        // Changes while nobody listened: a stream opened from the page's own point replays them.
        await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, "missed-1", runStrategy: RunStrategy.Halted);
        await PortalDriver.WaitForPhaseAsync(fixture.Client, tenant, "missed-1", MachinePhase.Stopped);
        using var http = await LiveStream.ClientOfAsync(page, fixture.Url);
        await using (var replay = await LiveStream.OpenAsync(http, stream))
        {
            var stopped = await replay.NextAsync(m => m.Event == "machine" && Row(m).GetProperty("state").GetString() == "stopped", TimeSpan.FromSeconds(10));
            Assert.Equal("missed-1", Row(stopped).GetProperty("name").GetString());
            Assert.NotNull(stopped.Id);
        }

        // A point from another replica (or long forgotten): read the page again.
        await using (var stale = await LiveStream.OpenAsync(http, $"/tenants/{tenant}/live", lastEventId: "0badc0de.12"))
        {
            await stale.NextAsync(m => m.Event == "resync", TimeSpan.FromSeconds(10));
        }
    }

    [SkippableFact]
    public async Task Another_tenants_stream_is_not_found_and_is_logged()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "bob", PortalFixture.BobPassword);
        using var http = await LiveStream.ClientOfAsync(page, fixture.Url);
        await using var refused = await LiveStream.OpenAsync(http, "/tenants/team-a/live");
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Contains(fixture.Logs.Lines, l => l.Message.Contains("tenant check refused: bob asked for tenant team-a (GET /tenants/team-a/live)", StringComparison.Ordinal));

        // Without a session there is no stream at all: the sign-in page instead.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Url };
        await using var signedOut = await LiveStream.OpenAsync(anonymous, "/tenants/team-a/live");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
    }

    [SkippableFact]
    public async Task An_idle_stream_is_kept_open_with_comments()
    {
        await using var portal = await fixture.StartPortalAsync(new PortalOptions { Listen = "127.0.0.1:0", LiveKeepAlive = TimeSpan.FromMilliseconds(300) });
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(portal.Url, "/signin").ToString());
        await page.GetByLabel("Account name").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync(PortalFixture.AlicePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        using var http = await LiveStream.ClientOfAsync(page, portal.Url);
        await using var idle = await LiveStream.OpenAsync(http, "/tenants/team-a/live?machine=nobody-has-this-name");
        Assert.Equal(HttpStatusCode.OK, idle.Status);
        await idle.CommentAsync(": keep-alive", TimeSpan.FromSeconds(10));
        await idle.CommentAsync(": keep-alive", TimeSpan.FromSeconds(10));
    }

    private static JsonElement Row(LiveMessage message) => JsonDocument.Parse(message.Data).RootElement;

    private Task StopAsync(string tenant, string name) => Patch(tenant, name, new { spec = new { runStrategy = "Halted" } });

    private Task Patch(string tenant, string name, object patch) =>
        fixture.Client.CustomObjects.PatchNamespacedCustomObjectAsync<ElasticMachine>(
            new V1Patch(JsonSerializer.Serialize(patch), V1Patch.PatchType.MergePatch), ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, tenant, ElasticMachine.KubePluralName, name);
}
