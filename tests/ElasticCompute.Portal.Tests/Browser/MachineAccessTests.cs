using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Portal.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>The machine page says where to connect: a ready-to-copy ssh line and the exposed ports, kept current live.</summary>
[Collection(PortalTests.Name)]
public sealed partial class MachineAccessTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task The_ssh_line_is_copied_by_keyboard_follows_the_policy_live_and_reads_without_script()
    {
        var (tenant, member, password) = await fixture.MemberAsync("access");
        await ExposeAsync("""{"spec":{"exposure":{"type":"NodePort","ports":[22,8080]}}}""");
        try
        {
            await PortalDriver.CreateThroughApiAsync(fixture.Client, tenant, "reach-1");
            var ssh = await SshLineAsync(tenant, "reach-1", s => s.StartsWith("ssh -p ", StringComparison.Ordinal));
            Assert.Matches(NodePortLine(), ssh);

            var page = await fixture.NewPageAsync();
            await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = fixture.Url.GetLeftPart(UriPartial.Authority) });
            await PortalFixture.SignInAsync(page, member, password);
            await page.GotoAsync($"/tenants/{tenant}/machines/reach-1");
            await Expect(page.Locator("#ssh-line")).ToHaveTextAsync(ssh);
            await Expect(page.Locator("#access .endpoints li")).ToHaveTextAsync([new Regex(@"^Port 22 \(ssh\) at 127\.0\.0\.1:3\d{4}$"), new Regex(@"^Port 8080 \(tcp-8080\) at 127\.0\.0\.1:3\d{4}$")]);

            // Keyboard only: focus reaches Copy, Enter copies, and the page says so.
            var copy = page.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true });
            for (var i = 0; i < 40 && !await copy.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            await Expect(copy).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#ssh-copied")).ToHaveTextAsync("Copied");
            Assert.Equal(ssh, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
            var results = await page.RunAxe();
            Assert.Empty(results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));

            foreach (var (width, height) in new[] { (360, 740), (1920, 1080) })
            {
                await page.SetViewportSizeAsync(width, height);
                await Screenshots.SaveAsync(page, "machine-access");
                Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, $"wider than {width}");
            }

            // The policy moves to a load balancer: the line changes on the open page, without a reload.
            // (The live swap leaves alone a region that holds the focus, so focus moves on first, as a person's would.)
            await page.EvaluateAsync("() => { document.activeElement.blur(); window.stayedOnThisPage = true; }");
            await ExposeAsync("""{"spec":{"exposure":{"type":"LoadBalancer","ports":[22]}}}""");
            await Expect(page.Locator("#ssh-line")).ToHaveTextAsync(new Regex(@"^ssh ubuntu@127\.\d+\.\d+\.\d+$"), new() { Timeout = 30_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.stayedOnThisPage === true"), "the page was reloaded");

            // Without script the line is plain text to select, and no button that cannot work is offered.
            var plain = await fixture.NewPageAsync(360, 740, javaScript: false);
            await PortalFixture.SignInAsync(plain, member, password);
            await plain.GotoAsync($"/tenants/{tenant}/machines/reach-1");
            await Expect(plain.Locator("#ssh-line")).ToHaveTextAsync(new Regex(@"^ssh ubuntu@127\."));
            await Expect(plain.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeHiddenAsync();
            await Screenshots.SaveAsync(plain, "machine-access-noscript");
            await plain.Context.CloseAsync();
            await page.Context.CloseAsync();
        }
        finally
        {
            await ExposeAsync("""{"spec":{"exposure":null}}""");
        }
    }

    private Task ExposeAsync(string mergePatch) =>
        fixture.Client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch),
            ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName, ElasticComputePolicy.DefaultName);

    private async Task<string> SshLineAsync(string tenant, string name, Func<string, bool> wanted)
    {
        string? ssh = null;
        await Eventually.TrueAsync(async () =>
        {
            ssh = (await PortalDriver.MachineOrNullAsync(fixture.Client, tenant, name))?.Status?.Access?.Ssh;
            return ssh is not null && wanted(ssh);
        }, TimeSpan.FromSeconds(60));
        return ssh!;
    }

    [GeneratedRegex(@"^ssh -p 3\d{4} ubuntu@127\.0\.0\.1$")]
    private static partial Regex NodePortLine();
}
