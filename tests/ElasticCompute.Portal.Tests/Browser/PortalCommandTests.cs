using System.Diagnostics;
using System.Text.RegularExpressions;
using ElasticCompute.Portal.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>The portal's own executable, as a pod or an admin runs it: against a kubeconfig, one ready line, bad options refused in one line.</summary>
[Collection(PortalTests.Name)]
public sealed partial class PortalCommandTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task It_runs_against_a_kubeconfig_makes_its_first_admin_and_stops_on_sigterm()
    {
        // Its own namespace for its Secrets, so this is a first start with no accounts.
        var ns = $"portal-solo-{Guid.NewGuid().ToString("n")[..6]}";
        await fixture.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        using var portal = Process.Start(Command("--kubeconfig", fixture.Kubeconfig, "--listen", "127.0.0.1:0", "--namespace", ns))!;
        portal.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ready = await portal.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the portal exited before it was ready");
        var match = ReadyLine().Match(ready);
        Assert.True(match.Success, ready);

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = match.Groups["url"].Value });
        var page = await context.NewPageAsync();
        await PortalFixture.SignInAsync(page, "admin", match.Groups["password"].Value);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your tenants" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "team-a" })).ToBeVisibleAsync();
        await context.CloseAsync();
        Assert.NotNull(await fixture.Client.CoreV1.ReadNamespacedSecretAsync("elasticcompute-portal-accounts", ns));

        using (var kill = Process.Start("kill", ["-TERM", portal.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await portal.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, portal.ExitCode);
    }

    [SkippableTheory]
    [InlineData("--listen", "8080", "portal: --listen: '8080' is not host:port")]
    [InlineData("--kubeconfig", "/nonexistent/kubeconfig", "portal: cannot read the kubeconfig: ")]
    [InlineData("--oidc-authority", "http://idp.example.com", "portal: --oidc-authority: 'http://idp.example.com/' must use https (plain http only for a provider on loopback")]
    [InlineData("--oidc-client-id", "portal", "portal: --oidc-client-id: needs --oidc-authority")]
    [InlineData("--no-builtin-accounts", "true", "portal: --no-builtin-accounts: needs --oidc-authority, or nobody could sign in")]
    [InlineData("--oidc-client-secret-file", "/nonexistent/secret", "portal: --oidc-client-secret-file: needs --oidc-authority")]
    public async Task A_bad_option_or_kubeconfig_is_one_line_and_exit_1(string option, string value, string error)
    {
        string[] kubeconfig = option == "--kubeconfig" ? [] : ["--kubeconfig", fixture.Kubeconfig];
        using var portal = Process.Start(Command([.. kubeconfig, option, value, "--namespace", "none"]))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = portal.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = await portal.StandardError.ReadToEndAsync(timeout.Token);
        await portal.WaitForExitAsync(timeout.Token);
        Assert.Equal(1, portal.ExitCode);
        Assert.Contains(error.Replace("portal: --listen", "--listen", StringComparison.Ordinal), errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("portal ready", await output, StringComparison.Ordinal);
    }

    /// <summary>The built portal executable with these arguments, its stdout and stderr read by the test.</summary>
    internal static ProcessStartInfo Command(params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "webportal", "ElasticCompute.Portal", "bin", configuration, "net10.0", "ElasticCompute.Portal.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    [GeneratedRegex(@"^portal ready: (?<url>http://127\.0\.0\.1:\d+/) \(first start: sign in as admin with password (?<password>[A-Za-z0-9]{20}); it is shown only this once\)$")]
    private static partial Regex ReadyLine();
}
