using System.Diagnostics;
using System.Text.RegularExpressions;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>
/// The README's one command as a newcomer meets it: `devcluster` prints the portal's address and the admin password; the
/// browser signs in with them and gets a Running machine; what kubectl applies shows in the portal too.
/// </summary>
[Collection(PortalTests.Name)]
public sealed partial class NewcomerTests(PortalFixture fixture) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "portal-newcomer", Guid.NewGuid().ToString("n"));

    [SkippableFact]
    public async Task From_the_devcluster_command_to_a_running_machine_in_the_browser()
    {
        Directory.CreateDirectory(folder);
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ELASTICCOMPUTE_VM_RUNTIME"] = "simulated"; // the real guests have tests of their own
        foreach (var argument in new[] { Path.Combine(RepositoryPaths.Root, "devcluster", "bin", configuration, "net10.0", "devcluster.dll"), "--listen", "127.0.0.1:0", "--portal-listen", "127.0.0.1:0", "--kubeconfig", kubeconfig })
        {
            start.ArgumentList.Add(argument);
        }

        using var devcluster = Process.Start(start)!;
        devcluster.ErrorDataReceived += (_, _) => { };
        devcluster.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var ready = await devcluster.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("devcluster exited before it was ready");
            var match = PortalLine().Match(ready);
            Assert.True(match.Success, ready);

            var context = await fixture.Browser.NewContextAsync(new() { BaseURL = match.Groups["url"].Value });
            var page = await context.NewPageAsync();
            await PortalFixture.SignInAsync(page, "admin", match.Groups["password"].Value);

            // The first tenant is there already: straight to its (empty) machines, and on to Create.
            await Expect(page).ToHaveURLAsync(new Regex("/tenants/team-a/machines$"));
            await page.GetByRole(AriaRole.Link, new() { Name = "Create your first machine" }).ClickAsync();
            var name = await page.GetByLabel("Machine name").InputValueAsync();
            Assert.Matches("^[a-z]+-[a-z]+-[0-9]{2}$", name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync();
            await Expect(page.Locator("#machine-state")).ToHaveTextAsync("running", new() { Timeout = 60_000 });

            // kubectl's machines are the portal's too.
            var kubectl = new ProcessStartInfo("kubectl", ["apply", "-f", Path.Combine(RepositoryPaths.Examples, "machine-small.yaml")]) { RedirectStandardOutput = true, RedirectStandardError = true };
            kubectl.Environment["KUBECONFIG"] = kubeconfig;
            using (var apply = Process.Start(kubectl)!)
            {
                await apply.WaitForExitAsync(timeout.Token);
                Assert.True(apply.ExitCode == 0, await apply.StandardError.ReadToEndAsync());
            }

            await page.GotoAsync("/tenants/team-a/machines");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "web-1" })).ToBeVisibleAsync();
            await context.CloseAsync();
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-TERM", devcluster.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            if (!devcluster.WaitForExit(30_000))
            {
                devcluster.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"; portal (?<url>http://127\.0\.0\.1:\d+/) \(sign in as admin with password (?<password>[A-Za-z0-9]{20}); shown only now\)$")]
    private static partial Regex PortalLine();
}
