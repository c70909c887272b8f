using k8s;
using System.Net;
using System.Text.RegularExpressions;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Tests.Support;
using k8s.Models;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>
/// Tenant B cannot see or touch tenant A's machine: not by URL, not by a tampered form, not by a forged namespace;
/// posts need their antiforgery token; text from the cluster renders inert; repeated failed sign-ins lock an account.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class TenantIsolationTests(PortalFixture fixture) : IAsyncLifetime
{
    private const string Machine = "secret-1";

    public async Task InitializeAsync()
    {
        if (await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", Machine) is null)
        {
            await PortalDriver.CreateThroughApiAsync(fixture.Client, "team-a", Machine, runStrategy: RunStrategy.Halted);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task Another_tenants_machine_is_not_found_by_url_and_the_refusal_is_logged()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "bob", PortalFixture.BobPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-b/machines$"));
        await Expect(page.GetByText(Machine)).ToHaveCountAsync(0);

        foreach (var path in new[] { $"/tenants/team-a/machines/{Machine}", "/tenants/team-a/machines", "/tenants/team-a/machines/new", "/tenants/team-a/quota", "/admin/accounts" })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status is 404 or 403, $"{path} answered {response.Status}");
            await Expect(page.GetByText(Machine)).ToHaveCountAsync(0);
        }

        Assert.Contains(fixture.Logs.Lines, l => l.Message.Contains("tenant check refused: bob asked for tenant team-a", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_tampered_form_or_forged_namespace_cannot_stop_or_delete_another_tenants_machine()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "bob", PortalFixture.BobPassword);
        var token = await TokenAsync(page, "/tenants/team-b/machines/new");

        // Bob's own session and token, aimed at team-a's machine.
        foreach (var handler in new[] { "Stop", "Start", "Delete", "Resize", "Grow" })
        {
            var response = await page.APIRequest.PostAsync($"/tenants/team-a/machines/{Machine}?handler={handler}", new()
            {
                Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("Confirm", Machine).Set("Cpu", "2").Set("MemoryGi", "2").Set("DiskGi", "500"),
                MaxRedirects = 0,
            });
            Assert.Equal(404, response.Status);
        }

        // A forged namespace in the form: the tenant is taken from the route (bob's), never from a field.
        var create = await page.APIRequest.PostAsync("/tenants/team-b/machines/new", new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("Form.Name", "forged-1").Set("Form.Plan", "u1.small")
                .Set("Form.Disk", "recommended").Set("Tenant", "team-a").Set("Namespace", "team-a").Set("metadata.namespace", "team-a"),
            MaxRedirects = 0,
        });
        Assert.Equal(302, create.Status);
        Assert.Null(await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", "forged-1"));
        Assert.NotNull(await PortalDriver.MachineOrNullAsync(fixture.Client, "team-b", "forged-1"));

        var untouched = await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", Machine);
        Assert.NotNull(untouched);
        Assert.Null(untouched.Metadata.DeletionTimestamp);
        Assert.Equal(1, untouched.Spec.Cpu);
        Assert.Equal(RunStrategy.Halted, untouched.Spec.RunStrategy);
    }

    [SkippableFact]
    public async Task A_post_without_its_antiforgery_token_is_refused()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        var response = await page.APIRequest.PostAsync($"/tenants/team-a/machines/{Machine}?handler=Start", new()
        {
            Form = page.APIRequest.CreateFormData().Set("Confirm", Machine),
            MaxRedirects = 0,
        });
        Assert.Equal(400, response.Status);
        var stored = await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", Machine);
        Assert.Equal(RunStrategy.Halted, stored!.Spec.RunStrategy);

        // Sign-out is a post too: a link from another site cannot end the session.
        var signOut = await page.APIRequest.PostAsync("/signout", new() { MaxRedirects = 0 });
        Assert.Equal(400, signOut.Status);
    }

    [SkippableFact]
    public async Task Markup_in_messages_from_the_cluster_renders_as_text()
    {
        const string markup = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script><b>bold</b>";
        await fixture.Client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = $"{Machine}.markup-{Guid.NewGuid():n}", NamespaceProperty = "team-a" },
                InvolvedObject = new V1ObjectReference { Kind = ElasticMachine.KubeKind, Name = Machine, NamespaceProperty = "team-a", ApiVersion = ElasticMachine.ApiVersionValue },
                Reason = "Injected<i>",
                Message = markup,
                Type = "Warning",
                FirstTimestamp = DateTime.UtcNow,
                LastTimestamp = DateTime.UtcNow,
                Source = new V1EventSource { Component = "test" },
            },
            "team-a");
        var page = await fixture.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync($"/tenants/team-a/machines/{Machine}");

        await Expect(page.Locator("#events")).ToContainTextAsync(markup);
        await Expect(page.Locator("#events")).ToContainTextAsync("Injected<i>");
        Assert.Equal(0, await page.Locator("#events img, #events script, #events b, #events i").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.pwned"));
        Assert.Equal(0, dialogs);
    }

    [SkippableFact]
    public async Task Repeated_failed_sign_ins_lock_the_account_even_against_the_right_password()
    {
        var accounts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ElasticCompute.Portal.Accounts.AccountService>(fixture.Portal.Services);
        var name = $"carol-{Guid.NewGuid().ToString("n")[..6]}";
        Assert.Null(await accounts.CreateAsync(name, "carol-password-right", ElasticCompute.Portal.Accounts.AccountRole.Member, ["team-a"], CancellationToken.None));
        var page = await fixture.NewPageAsync();
        for (var i = 0; i < 5; i++)
        {
            await page.GotoAsync("/signin");
            await page.GetByLabel("Account name").FillAsync(name);
            await page.GetByLabel("Password").FillAsync($"wrong-{i}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
        }

        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("locked");
        await page.GetByLabel("Account name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync("carol-password-right");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("locked");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.Message.Contains("wrong-", StringComparison.Ordinal) || l.Message.Contains("carol-password-right", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Pages_carry_the_security_headers_and_the_session_cookie_is_http_only_and_lax()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("/signin");
        var headers = await response!.AllHeadersAsync();
        var csp = headers["content-security-policy"];
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("same-origin", headers["referrer-policy"]);
        Assert.False(headers.ContainsKey("strict-transport-security"), "HSTS is only sent over HTTPS");

        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "ec.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        var antiforgery = (await page.Context.CookiesAsync()).Single(c => c.Name == "ec.antiforgery");
        Assert.True(antiforgery.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, antiforgery.SameSite);
    }

    private static async Task<string> TokenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        return await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value") ?? throw new InvalidOperationException("no antiforgery token on " + path);
    }
}
