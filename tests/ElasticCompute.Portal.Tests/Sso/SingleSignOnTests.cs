using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>
/// Signing in through a real OpenID provider (oidc-provider on loopback) in chromium, over plain http: the groups claim
/// decides the tenants and the admin role, a user with no mapped group is told why, sign-out ends both sessions.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class SingleSignOnTests(PortalFixture fixture, SsoFixture sso) : IClassFixture<SsoFixture>
{
    private const string ProviderLogin = "Sign in to the test provider";

    [SkippableFact]
    public async Task Carol_signs_in_with_the_keyboard_through_the_provider_and_her_group_gives_her_team_a_only()
    {
        var portal = await sso.PortalAsync(fixture);
        var idp = await sso.ProviderAsync();
        if (await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", "sso-shown") is null)
        {
            await PortalDriver.CreateThroughApiAsync(fixture.Client, "team-a", "sso-shown");
        }

        var page = await fixture.NewPageAsync(portal.Url);
        await page.GotoAsync("/tenants/team-a/machines");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl="));

        // Keyboard only: Tab to the provider's button, Enter.
        var button = page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {SsoFixture.ProviderName}" });
        for (var i = 0; i < 8 && !await button.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = ProviderLogin })).ToBeVisibleAsync();
        Assert.StartsWith(idp.Issuer.GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);

        await SsoFixture.FillProviderLoginAsync(page, portal.Url, "carol");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));
        await Expect(page.Locator(".user")).ToHaveTextAsync("carol");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "sso-shown" })).ToBeVisibleAsync();
        Assert.Equal(404, (await page.GotoAsync("/tenants/team-b/machines"))!.Status);
        Assert.NotEqual(200, (await page.GotoAsync("/admin/capacity"))!.Status);

        // The session is the portal's own cookie; the handler's correlation and nonce cookies are gone once used.
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "ec.session");
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.True(session.HttpOnly);
        Assert.DoesNotContain(cookies, c => c.Name.StartsWith("ec.sso.", StringComparison.Ordinal));

        // What the portal logged names carol, never the client secret or a token.
        Assert.Contains(sso.Logs.Lines, l => l.Message.Contains("single sign-on: carol signed in through Test IdP (admin: False; tenants: team-a", StringComparison.Ordinal));
        Assert.DoesNotContain(sso.Logs.Lines, l => l.Message.Contains(SsoFixture.ClientSecret, StringComparison.Ordinal) || l.Message.Contains("eyJ", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Frank_whose_group_is_mapped_explicitly_lands_in_team_b_with_script_off()
    {
        var portal = await sso.PortalAsync(fixture);
        var page = await fixture.NewPageAsync(portal.Url, 360, 740, javaScript: false);
        await page.GotoAsync("/");
        await SsoFixture.SignInAsync(page, portal.Url, "frank");

        // One tenant: the start page leads straight to its machines.
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-b/machines$"));
        Assert.Equal(404, (await page.GotoAsync("/tenants/team-a/machines"))!.Status);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Ada_in_the_admin_group_gets_every_tenant_and_the_admin_pages()
    {
        var portal = await sso.PortalAsync(fixture);
        var page = await fixture.NewPageAsync(portal.Url);
        await SsoFixture.SignInAsync(page, portal.Url, "ada");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your tenants" })).ToBeVisibleAsync();
        await Expect(page.Locator(".user")).ToHaveTextAsync("ada (admin)");
        await Expect(page.Locator("a.card[href='/tenants/team-a/machines']")).ToBeVisibleAsync();
        await Expect(page.Locator("a.card[href='/tenants/team-b/machines']")).ToBeVisibleAsync();
        foreach (var (path, heading) in new[] { ("/admin/capacity", "Capacity"), ("/admin/tenants", "Tenants"), ("/admin/accounts", "Accounts") })
        {
            Assert.Equal(200, (await page.GotoAsync(path))!.Status);
            await Expect(page.Locator("h1")).ToContainTextAsync(heading);
        }

        Assert.Equal(200, (await page.GotoAsync("/tenants/team-b/machines"))!.Status);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Dave_whose_groups_map_to_nothing_is_signed_in_sees_no_tenant_and_is_told_why()
    {
        var portal = await sso.PortalAsync(fixture);
        var page = await fixture.NewPageAsync(portal.Url, 360, 740);
        var statuses = new List<int>();
        page.Response += (_, r) => statuses.Add(r.Status);
        await SsoFixture.SignInAsync(page, portal.Url, "dave");

        var why = page.Locator("#no-tenant");
        await Expect(why).ToContainTextAsync("signed in with Test IdP as dave, but none of your groups there gives you a tenant");
        await Expect(why).ToContainTextAsync("these groups in the groups claim");
        await Expect(why.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["staff", "contractors"]);
        await Expect(why).ToContainTextAsync("a group named elasticcompute:tenant:TENANT");
        await Expect(why).ToContainTextAsync("--oidc-tenant-group GROUP=TENANT");
        await Expect(page.Locator("a.card")).ToHaveCountAsync(0);
        foreach (var (width, height) in new[] { (360, 740), (1920, 1080) })
        {
            await page.SetViewportSizeAsync(width, height);
            await Screenshots.SaveAsync(page, "home-sso-no-tenant");
            await AccessibilityAsync(page, $"the no-tenant page at {width}x{height}");
        }

        Assert.Equal(404, (await page.GotoAsync("/tenants/team-a/machines"))!.Status);
        Assert.DoesNotContain(statuses, s => s >= 500);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Signing_out_ends_the_portal_session_and_the_providers_so_the_next_sign_in_asks_for_the_password()
    {
        // Script off: the way to the provider's sign-out is a plain page (a refresh and a link).
        var portal = await sso.PortalAsync(fixture);
        var page = await fixture.NewPageAsync(portal.Url, javaScript: false);
        await SsoFixture.SignInAsync(page, portal.Url, "carol");

        // The control: with only the portal's cookie gone, the provider's session signs carol in again without a form.
        await page.Context.ClearCookiesAsync(new() { Name = "ec.session" });
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {SsoFixture.ProviderName}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));

        string? endSession = null;
        page.Request += (_, r) => endSession ??= r.Url.Contains("/session/end", StringComparison.Ordinal) ? r.Url : null;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign out of the test provider?" })).ToBeVisibleAsync();
        Assert.NotNull(endSession);
        Assert.Contains("id_token_hint=eyJ", endSession, StringComparison.Ordinal);
        Assert.Contains($"post_logout_redirect_uri={Uri.EscapeDataString($"http://127.0.0.1:{sso.MainPort}/signout-callback-oidc")}", endSession, StringComparison.Ordinal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ec.session");

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?signedOut=sso$"));
        await Expect(page.Locator("#signin-notice")).ToHaveTextAsync("You are signed out of the portal and of Test IdP.");

        await page.GotoAsync("/tenants/team-a/machines");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl="));
        await page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {SsoFixture.ProviderName}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = ProviderLogin })).ToBeVisibleAsync();
        await SsoFixture.FillProviderLoginAsync(page, portal.Url, "carol");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task Cancelling_at_the_provider_comes_back_to_the_sign_in_page_with_the_reason()
    {
        var portal = await sso.PortalAsync(fixture);
        var page = await fixture.NewPageAsync(portal.Url);
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {SsoFixture.ProviderName}" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?sso=denied&error=access_denied$"));
        await Expect(page.Locator("#signin-problem")).ToHaveTextAsync(
            "Test IdP did not sign you in: the sign-in was cancelled or refused there (error access_denied). Try again, or ask an admin whether your account may use the portal.");
        await Expect(page.GetByLabel("Account name")).ToBeVisibleAsync();
        Assert.DoesNotContain("   at ", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [SkippableTheory]
    [InlineData("wrong-secret", 502, "Test IdP refused the portal itself (error invalid_client): the portal's client id or client secret does not match what is registered there.")]
    [InlineData("down", 503, "Test IdP could not be reached, so nobody can sign in with it just now.")]
    public async Task A_provider_that_refuses_the_portal_or_is_down_is_a_clear_message_on_the_sign_in_page(string trouble, int status, string message)
    {
        var idp = await sso.ProviderAsync();
        var options = trouble == "down"
            ? SsoFixture.Options(new Uri($"http://127.0.0.1:{SsoFixture.FreePort()}/"))
            : SsoFixture.Options(idp.Issuer, secret: "not-the-portal-client-secret");
        var portal = await sso.StartAsync(fixture, new PortalOptions { Listen = $"127.0.0.1:{(trouble == "down" ? 0 : sso.WrongSecretPort)}", Sso = options });
        var page = await fixture.NewPageAsync(portal.Url);
        await page.GotoAsync("/signin");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {SsoFixture.ProviderName}" }).ClickAsync(),
            r => r.Url.Contains("/signin?handler=Sso", StringComparison.Ordinal));

        Assert.Equal(status, answer.Status);
        await Expect(page.Locator("#signin-problem")).ToContainTextAsync(message);
        Assert.DoesNotContain("   at ", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task The_sign_in_page_with_the_providers_button_has_no_serious_accessibility_violation_on_a_phone_or_a_tv()
    {
        var portal = await sso.PortalAsync(fixture);
        var page = await fixture.NewPageAsync(portal.Url, 360, 740);
        await page.GotoAsync("/signin");
        foreach (var (width, height) in new[] { (360, 740), (1280, 800), (1920, 1080) })
        {
            await page.SetViewportSizeAsync(width, height);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {SsoFixture.ProviderName}" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Account name")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "signin-sso");
            await AccessibilityAsync(page, $"the sign-in page at {width}x{height}");
        }

        await page.Context.CloseAsync();
    }

    internal static async Task AccessibilityAsync(IPage page, string what)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
        Assert.True(serious.Length == 0, $"{what}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{what} is {overflow} px wider than the screen");
    }
}
