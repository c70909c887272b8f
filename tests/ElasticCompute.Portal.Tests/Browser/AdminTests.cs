using System.Text.RegularExpressions;
using ElasticCompute.Api.Policy;
using ElasticCompute.Portal.Tests.Support;
using k8s;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>An admin makes a tenant with a quota and an account in it; the new member sees it; a reset password ends the member's session.</summary>
[Collection(PortalTests.Name)]
public sealed class AdminTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task An_admin_creates_a_tenant_with_a_quota_and_an_account_whose_create_page_shows_the_quota()
    {
        var tenant = $"team-{Guid.NewGuid().ToString("n")[..6]}";
        var member = $"dana-{Guid.NewGuid().ToString("n")[..6]}";
        var admin = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(admin, "admin", PortalFixture.AdminPassword);

        await admin.GotoAsync("/admin/tenants");
        await admin.GetByLabel("Name (a namespace)").FillAsync(tenant);
        await admin.GetByLabel("Most vCPU").FillAsync("4");
        await admin.GetByLabel("Most memory in GiB").FillAsync("8");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save tenant" }).ClickAsync();
        await Expect(admin.Locator("[role=status]")).ToContainTextAsync($"Tenant {tenant} is saved with its quota");
        await Expect(admin.GetByRole(AriaRole.Row, new() { Name = tenant })).ToContainTextAsync("4 vCPU, 8 GiB memory");
        var policy = await fixture.Client.CustomObjects.GetClusterCustomObjectAsync<ElasticComputePolicy>(ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName, ElasticComputePolicy.DefaultName);
        Assert.Equal(4, policy.Spec.Quotas!.Single(q => q.Namespace == tenant).Limits.MaxCpu);

        // A bad value is refused naming the field, and the other values stay.
        await admin.GetByLabel("Name (a namespace)").FillAsync("Not_A_Name");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save tenant" }).ClickAsync();
        await Expect(admin.Locator("[role=alert]")).ToContainTextAsync("name: \"Not_A_Name\" is not a valid namespace name");

        await admin.GotoAsync("/admin/accounts");
        await admin.GetByLabel("Account name").FillAsync(member);
        await admin.GetByLabel("Password (at least 12 characters)").FillAsync("short");
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = tenant }).Last.CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(admin.Locator("#account-problem")).ToContainTextAsync("password: must be at least 12 characters");
        await Expect(admin.GetByLabel("Account name")).ToHaveValueAsync(member);
        await admin.GetByLabel("Password (at least 12 characters)").FillAsync("dana-password-1234");
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = tenant }).Last.CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(admin.Locator("[role=status]")).ToContainTextAsync($"Account {member} is created");

        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, member, "dana-password-1234");
        await Expect(page).ToHaveURLAsync(new Regex($"/tenants/{tenant}/machines$"));
        await page.GotoAsync($"/tenants/{tenant}/machines/new");
        await page.GetByRole(AriaRole.Radio, new() { Name = "8 vCPU · 32 GiB" }).CheckAsync();
        await Expect(page.Locator("#fit-summary")).ToContainTextAsync("does not fit the tenant's quota");
        await Expect(page.Locator("#fit-lines")).ToContainTextAsync("Quota vCPU: 0 of 4 used; this needs 8, 4 more than is left.");

        // The admin resets the member's password: the member's open session ends at its next request.
        await admin.GotoAsync("/admin/accounts");
        await admin.GetByText($"Change {member}").ClickAsync();
        await admin.GetByLabel($"New password for {member}").FillAsync("dana-password-5678");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).Last.ClickAsync();
        await Expect(admin.Locator("[role=status]")).ToContainTextAsync("its sessions have ended");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the other replica's view of the accounts is at most 2 s old
        await page.GotoAsync($"/tenants/{tenant}/machines");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
    }
}
