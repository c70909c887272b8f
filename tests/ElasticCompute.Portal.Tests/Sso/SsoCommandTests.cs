using System.Diagnostics;
using System.Text.RegularExpressions;
using ElasticCompute.Portal.Tests.Browser;
using ElasticCompute.Portal.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>
/// The portal's executable with single sign-on from its flags and built-in accounts off, as a pod runs it: the secret
/// from a mounted file, only the provider on the sign-in page, a password post refused, nothing secret in its logs.
/// </summary>
[Collection(PortalTests.Name)]
public sealed partial class SsoCommandTests(PortalFixture fixture, SsoFixture sso) : IClassFixture<SsoFixture>
{
    [SkippableFact]
    public async Task With_no_builtin_accounts_only_the_provider_signs_in_and_a_password_post_is_refused()
    {
        var idp = await sso.ProviderAsync();
        var ns = $"portal-sso-{Guid.NewGuid().ToString("n")[..6]}";
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var secretFile = Path.Combine(sso.Folder, "client-secret");
        await File.WriteAllTextAsync(secretFile, SsoFixture.ClientSecret + "\n");
        using var portal = Process.Start(PortalCommandTests.Command(
            "--kubeconfig", fixture.Kubeconfig, "--listen", $"127.0.0.1:{sso.CommandPort}", "--namespace", ns, "--log-level", "Debug",
            "--no-builtin-accounts",
            "--oidc-authority", idp.Issuer.ToString(),
            "--oidc-client-id", SsoFixture.ClientId,
            "--oidc-client-secret-file", secretFile,
            "--oidc-display-name", SsoFixture.ProviderName,
            "--oidc-scope", "groups",
            "--oidc-admin-group", SsoFixture.AdminGroup,
            "--oidc-tenant-group", "engineering=team-b"))!;
        var errors = portal.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ready = await portal.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the portal exited before it was ready: " + await errors);

        // No built-in accounts: no first admin is made, so no password is printed.
        Assert.Equal($"portal ready: http://127.0.0.1:{sso.CommandPort}/", ready);
        var url = new Uri(ready["portal ready: ".Length..]);
        var page = await fixture.NewPageAsync(url);
        await page.GotoAsync("/signin");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {SsoFixture.ProviderName}" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Account name")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Password")).ToHaveCountAsync(0);
        foreach (var (width, height) in new[] { (360, 740), (1920, 1080) })
        {
            await page.SetViewportSizeAsync(width, height);
            await Screenshots.SaveAsync(page, "signin-sso-only");
            await SingleSignOnTests.AccessibilityAsync(page, $"the provider-only sign-in page at {width}x{height}");
        }

        // A password posted anyway is refused: without a form there is no antiforgery token to send with it...
        var anonymous = await page.APIRequest.PostAsync("/signin", new()
        {
            Form = page.APIRequest.CreateFormData().Set("Name", "admin").Set("Password", "any-password-at-all"),
            MaxRedirects = 0,
        });
        Assert.Equal(400, anonymous.Status);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ec.session");

        await SsoFixture.SignInAsync(page, url, "ada");
        await Expect(page.Locator(".user")).ToHaveTextAsync("ada (admin)");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Capacity" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Accounts" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.GotoAsync("/admin/accounts"))!.Status);

        // ...and with a good token (a signed-in user's, from the sign-out form) the page refuses it itself.
        await page.GotoAsync("/");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var refused = await page.APIRequest.PostAsync("/signin", new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!).Set("Name", "admin").Set("Password", "any-password-at-all"),
            MaxRedirects = 0,
        });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Portal accounts are switched off here: sign in with Test IdP.", await refused.TextAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/");
        await Expect(page.Locator(".user")).ToHaveTextAsync("ada (admin)");
        await page.Context.CloseAsync();

        using (var kill = Process.Start("kill", ["-TERM", portal.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await portal.WaitForExitAsync(timeout.Token);
        var log = await errors;
        Assert.Contains("single sign-on: ada signed in through Test IdP", log, StringComparison.Ordinal);
        Assert.DoesNotContain(SsoFixture.ClientSecret, log, StringComparison.Ordinal);
        Assert.DoesNotMatch(Jwt(), log);
        Assert.Equal(0, portal.ExitCode);
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.")]
    private static partial Regex Jwt();
}
