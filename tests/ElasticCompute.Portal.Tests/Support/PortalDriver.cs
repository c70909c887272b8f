using System.Text.RegularExpressions;
using ElasticCompute.Api.Machines;
using k8s;
using k8s.Models;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Support;

/// <summary>Steps several tests take: a machine made through the form, machines made through the API, reading them back.</summary>
internal static class PortalDriver
{
    /// <summary>Creates a machine through the create form with the given plan card, and waits until its page says running.</summary>
    public static async Task CreateThroughFormAsync(IPage page, string tenant, string name, string plan = "1 vCPU · 2 GiB")
    {
        await page.GotoAsync($"/tenants/{tenant}/machines/new");
        await page.GetByLabel("Machine name").FillAsync(name);
        await page.GetByRole(AriaRole.Radio, new() { Name = plan }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/tenants/{tenant}/machines/{name}$"));
    }

    /// <summary>A machine made directly through the API, as kubectl would.</summary>
    public static Task<ElasticMachine> CreateThroughApiAsync(IKubernetes client, string ns, string name, int cpu = 1, string memory = "1Gi", RunStrategy? runStrategy = null) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync<ElasticMachine>(
            new ElasticMachine
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                Spec = new ElasticMachineSpec { Cpu = cpu, Memory = memory, RunStrategy = runStrategy },
            },
            ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, ns, ElasticMachine.KubePluralName);

    public static async Task<ElasticMachine?> MachineOrNullAsync(IKubernetes client, string ns, string name)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<ElasticMachine>(ElasticMachine.KubeGroup, ElasticMachine.KubeApiVersion, ns, ElasticMachine.KubePluralName, name);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task WaitForPhaseAsync(IKubernetes client, string ns, string name, MachinePhase phase) =>
        await Eventually.TrueAsync(async () => (await MachineOrNullAsync(client, ns, name))?.Status?.Phase == phase, TimeSpan.FromSeconds(60));

    /// <summary>Reloads until the element is on the page.</summary>
    public static async Task ReloadUntilVisibleAsync(IPage page, string selector)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await page.Locator(selector).CountAsync() == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{selector} did not appear within 60 s");
            }

            await Task.Delay(500);
            await page.ReloadAsync();
        }
    }

    /// <summary>What a person does without live updates: reload until the element shows the text.</summary>
    public static async Task ReloadUntilAsync(IPage page, string selector, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var shown = await page.Locator(selector).TextContentAsync();
            if (shown?.Trim() == text)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{selector} still shows \"{shown}\", not \"{text}\", after 60 s");
            }

            await Task.Delay(500);
            await page.ReloadAsync();
        }
    }
}
