using k8s;
using System.Text.RegularExpressions;
using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ElasticCompute.Portal.Tests.Browser;

/// <summary>A member's whole journey in the browser: create with the recommended disk, Running, resize, stop and start, grow the disk, delete.</summary>
[Collection(PortalTests.Name)]
public sealed class MachineLifecycleTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task A_member_creates_a_machine_with_the_recommended_disk_and_takes_it_through_its_life()
    {
        var (tenant, member, password) = await fixture.MemberAsync("life");
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, member, password);

        // One tenant: straight to its machines; none yet, so the page leads to Create.
        await Expect(page).ToHaveURLAsync(new Regex($"/tenants/{tenant}/machines$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create your first machine" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New machine" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "create");

        await page.GetByLabel("Machine name").FillAsync("web-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "2 vCPU · 4 GiB" }).CheckAsync();
        await Expect(page.Locator("#recommendation")).ToContainTextAsync("80 GiB");
        await Expect(page.Locator("#recommendation")).ToContainTextAsync("4Gi memory x 20 = 80Gi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/tenants/{tenant}/machines/web-1$"));
        await Expect(page.Locator("#machine-state")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        await Expect(page.Locator("#fact-disk")).ToHaveTextAsync("80 GiB");
        await Screenshots.SaveAsync(page, "machine");
        var machine = await MachineAsync(tenant, "web-1");
        Assert.Equal(DiskSizeSource.Recommended, machine.Status?.Disk?.SizeSource);

        // Resize within what the guest takes live.
        await page.GetByLabel("vCPUs").SelectOptionAsync("4");
        await page.GetByLabel("Memory in GiB").FillAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resize" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("being resized");
        await ReloadUntilAsync(page, "#fact-cpu", "4");
        await Expect(page.Locator("#fact-memory")).ToHaveTextAsync("8 GiB");

        // Stop, then start again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true }).ClickAsync();
        await ReloadUntilAsync(page, "#machine-state", "stopped");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await ReloadUntilAsync(page, "#machine-state", "running");

        // Grow the disk; a smaller size is refused with the rule.
        await page.GetByLabel("Disk size in GiB").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grow disk" }).ClickAsync();
        await Expect(page.Locator("#disk-error")).ToContainTextAsync("disks only grow");
        await Expect(page.GetByLabel("Disk size in GiB")).ToHaveValueAsync("40");
        await page.GetByLabel("Disk size in GiB").FillAsync("160");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grow disk" }).ClickAsync();
        await ReloadUntilAsync(page, "#fact-disk", "160 GiB");

        // Delete keeps the disk by default.
        var dataVolume = (await MachineAsync(tenant, "web-1")).Status?.Disk?.DataVolumeName;
        Assert.NotNull(dataVolume);
        await page.GetByLabel("Type web-1 to confirm").FillAsync("web-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete machine" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/tenants/{tenant}/machines$"));
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("its disk is kept");
        await Eventually.TrueAsync(async () => await MachineOrNullAsync(tenant, "web-1") is null, TimeSpan.FromSeconds(60));
        Assert.True(await DataVolumeExistsAsync(tenant, dataVolume!));
    }

    [SkippableFact]
    public async Task A_resize_past_the_live_limits_offers_a_restart_and_deleting_with_the_box_ticked_deletes_the_disk_too()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "alice", PortalFixture.AlicePassword);
        await page.GotoAsync("/tenants/team-a/machines/new");
        await page.GetByLabel("Machine name").FillAsync("scratch-1");
        await page.GetByRole(AriaRole.Radio, new() { Name = "1 vCPU · 2 GiB" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create machine" }).ClickAsync();
        await Expect(page.Locator("#machine-state")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        var dataVolume = (await MachineAsync("team-a", "scratch-1")).Status?.Disk?.DataVolumeName;
        Assert.NotNull(dataVolume);

        // Past what the guest takes live (4x its vCPUs): the page says a restart is needed and offers it.
        await page.GetByLabel("vCPUs").SelectOptionAsync("8");
        await page.GetByLabel("Memory in GiB").FillAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resize" }).ClickAsync();
        await PortalDriver.ReloadUntilVisibleAsync(page, "#restart-needed");
        await Expect(page.Locator("#restart-needed")).ToContainTextAsync("applies at the next restart");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restart now to apply" }).ClickAsync();
        await PortalDriver.ReloadUntilAsync(page, "#fact-cpu", "8");
        await PortalDriver.ReloadUntilAsync(page, "#machine-state", "running");

        await page.GetByLabel("Type scratch-1 to confirm").FillAsync("scratch-1");
        await page.GetByLabel("Also delete the disk").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete machine" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("deleted with its disk");
        await Eventually.TrueAsync(async () => !await DataVolumeExistsAsync("team-a", dataVolume!), TimeSpan.FromSeconds(60));
    }

    private async Task<ElasticMachine> MachineAsync(string ns, string name) =>
        await PortalDriver.MachineOrNullAsync(fixture.Client, ns, name) ?? throw new InvalidOperationException($"{ns}/{name} does not exist");

    private Task<ElasticMachine?> MachineOrNullAsync(string ns, string name) => PortalDriver.MachineOrNullAsync(fixture.Client, ns, name);

    private async Task<bool> DataVolumeExistsAsync(string ns, string name)
    {
        try
        {
            await fixture.Client.CustomObjects.GetNamespacedCustomObjectAsync("cdi.kubevirt.io", "v1beta1", ns, "datavolumes", name);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static Task ReloadUntilAsync(IPage page, string selector, string text) => PortalDriver.ReloadUntilAsync(page, selector, text);
}
