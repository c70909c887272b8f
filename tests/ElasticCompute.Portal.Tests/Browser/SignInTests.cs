using System.Text.RegularExpressions;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>Sign-out ends the session; sign-in posts are rate limited per client address.</summary>
[Collection(PortalTests.Name)]
public sealed class SignInTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "ec.session");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await page.GotoAsync("/tenants/team-a/machines");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ec.session");
    }

    [SkippableFact]
    public async Task Sign_in_posts_beyond_the_limit_from_one_address_are_answered_429()
    {
        await using var portal = await fixture.StartPortalAsync(new PortalOptions { Listen = "127.0.0.1:0", SignInAttemptsPerMinute = 3 });
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = portal.Url.ToString() });
        var page = await context.NewPageAsync();
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            await page.GotoAsync("/signin");
            var token = await page.Locator("input[name=__RequestVerificationToken]").GetAttributeAsync("value");
            var response = await page.APIRequest.PostAsync("/signin", new()
            {
                Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("Name", "nobody").Set("Password", $"guess-{i}"),
                MaxRedirects = 0,
            });
            statuses.Add(response.Status);
        }

        Assert.Equal([200, 200, 200, 429, 429], statuses);
        await context.CloseAsync();
    }
}
