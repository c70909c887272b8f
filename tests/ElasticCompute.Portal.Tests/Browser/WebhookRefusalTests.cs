using System.Text.RegularExpressions;
using ElasticCompute.Api.Policy;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>What the API server's webhooks refuse (here: a policy changed since the portal read it) comes back next to its field.</summary>
[Collection(PortalTests.Name)]
public sealed class WebhookRefusalTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task A_size_the_webhook_refuses_is_shown_next_to_its_field_with_every_value_kept()
    {
        // A replica that keeps the policy it read for long, so its own check passes what the webhook, reading the new policy, refuses.
        await using var portal = await fixture.StartPortalAsync(new PortalOptions { Listen = "127.0.0.1:0", PolicyRefresh = TimeSpan.FromMinutes(10) });
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = portal.Url.ToString() });
        var page = await context.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/new");
        await page.GetByLabel("Machine name").FillAsync("refused-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Custom" }).CheckAsync();
        await page.GetByLabel("vCPUs (custom)").SelectOptionAsync("4");
        await page.GetByLabel("Memory in GiB (custom)").FillAsync("8");

        await PatchPolicyAsync("""{"spec":{"sizing":{"cpuSizes":[1,2,8,16,32]}}}""");
        try
        {
            await Eventually.TrueAsync(async () => await WebhookRefusesAsync(), TimeSpan.FromSeconds(30));
            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync(),
                r => r.Request.Method == "POST");
            Assert.Equal(422, response.Status);
            await Expect(page.Locator("#Cpu-error")).ToHaveTextAsync("vCPUs: 4 is not an allowed size; choose one of 1, 2, 8, 16, 32");
            await Expect(page.GetByLabel("Machine name")).ToHaveValueAsync("refused-1");
            await Expect(page.GetByLabel("Memory in GiB (custom)")).ToHaveValueAsync("8");
            Assert.Null(await PortalDriver.MachineOrNullAsync(fixture.Client, "team-a", "refused-1"));
        }
        finally
        {
            await PatchPolicyAsync("""{"spec":{"sizing":null}}""");
            await context.CloseAsync();
        }
    }

    private Task PatchPolicyAsync(string patch) =>
        fixture.Client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName, ElasticComputePolicy.DefaultName);

    /// <summary>True once the webhooks judge by the new policy (a dry-run create of a 4-vCPU machine is refused).</summary>
    private async Task<bool> WebhookRefusesAsync()
    {
        try
        {
            await fixture.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
                new Api.Machines.ElasticMachine { Metadata = new V1ObjectMeta { Name = "probe", NamespaceProperty = "team-a" }, Spec = new Api.Machines.ElasticMachineSpec { Cpu = 4, Memory = "8Gi" } },
                Api.Machines.ElasticMachine.KubeGroup, Api.Machines.ElasticMachine.KubeApiVersion, "team-a", Api.Machines.ElasticMachine.KubePluralName, dryRun: "All");
            return false;
        }
        catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode == 422 || (int)e.Response.StatusCode == 400)
        {
            return true;
        }
    }
}
