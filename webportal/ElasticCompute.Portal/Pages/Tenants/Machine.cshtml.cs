using System.Globalization;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Live;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Tenancy;
using k8s.Models;
using Microsoft.AspNetCore.Mvc;

namespace ElasticCompute.Portal.Pages.Tenants;

/// <summary>One machine: what it is doing and why, its conditions and events, and what its owner can do to it.</summary>
internal sealed class MachineModel(MachineStore machines, MachineCatalog catalog, PolicyReader policies, CreatePlanner planner, TimeProvider time) : TenantPageModel
{
    [FromRoute(Name = "name")]
    public string Name { get; set; } = string.Empty;

    [BindProperty]
    public string? Cpu { get; set; }

    [BindProperty]
    public string? MemoryGi { get; set; }

    [BindProperty]
    public string? DiskGi { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    [BindProperty]
    public bool DeleteDisk { get; set; }

    public ElasticMachine? Machine { get; private set; }

    public MachineView? View { get; private set; }

    public IReadOnlyList<Corev1Event> Events { get; private set; } = [];

    public IReadOnlyList<int> CpuSizes { get; private set; } = [];

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The live stream of this machine, from the change the page was rendered at.</summary>
    public string LiveStream { get; private set; } = string.Empty;

    /// <summary>Problems by form ("resize", "disk", "delete", "power").</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public Task<IActionResult> OnPostStartAsync() => ActAsync("power", m => machines.PatchAsync(Tenant, Name, new { spec = new { runStrategy = "Always" } }, HttpContext.RequestAborted), $"{Name} is starting.");

    public Task<IActionResult> OnPostStopAsync() => ActAsync("power", m => machines.PatchAsync(Tenant, Name, new { spec = new { runStrategy = "Halted" } }, HttpContext.RequestAborted), $"{Name} is stopping.");

    public Task<IActionResult> OnPostRestartAsync() => ActAsync("power", async m =>
    {
        if (m.Status?.Phase != MachinePhase.Running)
        {
            throw new PortalRefusalException("the machine is not running; start it instead");
        }

        await machines.RestartAsync(Tenant, m.Status?.VirtualMachineName ?? Name, HttpContext.RequestAborted);
    }, $"{Name} is restarting.");

    public Task<IActionResult> OnPostResizeAsync() => ActAsync("resize", async m =>
    {
        if (!int.TryParse(Cpu, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cpu))
        {
            throw new PortalRefusalException($"vCPUs: \"{Cpu}\" is not a whole number");
        }

        if (Sizes.FromGi(MemoryGi) is not { } memory)
        {
            throw new PortalRefusalException($"memory: \"{MemoryGi}\" is not a number of GiB, for example 4 or 1.5");
        }

        if (m.Spec.InstanceType is not null)
        {
            throw new PortalRefusalException($"this machine's size comes from its instance type {m.Spec.InstanceType}, which fixes vCPUs and memory");
        }

        var updated = m with { Spec = m.Spec with { Cpu = cpu, Memory = memory } };
        await CheckAsync(m, updated);
        await machines.PatchAsync(Tenant, Name, new { spec = new { cpu, memory = memory.Value } }, HttpContext.RequestAborted);
    }, $"{Name} is being resized.");

    public Task<IActionResult> OnPostGrowAsync() => ActAsync("disk", async m =>
    {
        if (Sizes.FromGi(DiskGi) is not { } size || !size.TryGetValue(out var bytes))
        {
            throw new PortalRefusalException($"disk: \"{DiskGi}\" is not a number of GiB, for example 160");
        }

        var current = (m.Spec.Storage?.Size ?? m.Status?.Disk?.Size) is { } c && c.TryGetValue(out var cb) ? cb : 0;
        if (bytes < current)
        {
            throw new PortalRefusalException($"disk: {Sizes.Bytes(bytes)} is smaller than the disk's {Sizes.Bytes(current)}; disks only grow");
        }

        var updated = m with { Spec = m.Spec with { Storage = (m.Spec.Storage ?? new MachineStorage()) with { Size = size } } };
        await CheckAsync(m, updated);
        await machines.PatchAsync(Tenant, Name, new { spec = new { storage = new { size = size.Value } } }, HttpContext.RequestAborted);
    }, $"The disk of {Name} is growing.");

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!string.Equals(Confirm?.Trim(), Name, StringComparison.Ordinal))
        {
            if (!await LoadAsync())
            {
                return NotFound();
            }

            Errors["delete"] = $"type the machine's name, {Name}, to confirm";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return await ActAsync("delete", async m =>
        {
            if (DeleteDisk && m.Spec.Storage?.ReclaimPolicy != ReclaimPolicy.Delete)
            {
                await machines.PatchAsync(Tenant, Name, new { spec = new { storage = new { reclaimPolicy = "Delete" } } }, HttpContext.RequestAborted);
            }

            await machines.DeleteAsync(Tenant, Name, HttpContext.RequestAborted);
        }, DeleteDisk ? $"{Name} is being deleted with its disk." : $"{Name} is being deleted; its disk is kept.", toList: true);
    }

    private async Task CheckAsync(ElasticMachine current, ElasticMachine updated)
    {
        var snapshot = await policies.ReadAsync(HttpContext.RequestAborted);
        var result = planner.Validator.ValidateUpdate(current, updated, snapshot.Policy);
        if (!result.IsValid)
        {
            throw new PortalRefusalException(string.Join("; ", result.Errors.Select(e => $"{Label(e.PropertyName)}: {e.ErrorMessage}")));
        }
    }

    private static string Label(string path) => path switch
    {
        "spec.cpu" => "vCPUs",
        "spec.memory" => "memory",
        "spec.storage.size" => "disk",
        _ => path,
    };

    private async Task<IActionResult> ActAsync(string form, Func<ElasticMachine, Task> action, string notice, bool toList = false)
    {
        var machine = await machines.GetAsync(Tenant, Name, HttpContext.RequestAborted);
        if (machine is null)
        {
            return NotFound();
        }

        try
        {
            await action(machine);
        }
        catch (PortalRefusalException refusal)
        {
            Errors[form] = refusal.Message;
        }
        catch (Exception e) when (ApiRefusal.From(e) is { } refusal)
        {
            Errors[form] = refusal.Message;
        }

        if (Errors.Count > 0)
        {
            await LoadAsync();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        TempData["Notice"] = notice;
        return Redirect(toList
            ? $"/tenants/{Uri.EscapeDataString(Tenant)}/machines"
            : $"/tenants/{Uri.EscapeDataString(Tenant)}/machines/{Uri.EscapeDataString(Name)}");
    }

    private async Task<bool> LoadAsync()
    {
        // The change number is taken before the read, so a change in between is sent again, never missed.
        var since = catalog.IdOf(catalog.Sequence);
        Machine = await machines.GetAsync(Tenant, Name, HttpContext.RequestAborted);
        LiveStream = $"{LiveEndpoint.PathOf(Tenant)}?machine={Uri.EscapeDataString(Name)}&since={Uri.EscapeDataString(since)}";
        if (Machine is null)
        {
            return false;
        }

        View = MachineView.Of(Machine);
        CpuSizes = (await policies.ReadAsync(HttpContext.RequestAborted)).Policy.CpuSizes;
        Cpu ??= (Machine.Status?.Cpu ?? Machine.Spec.Cpu)?.ToString(CultureInfo.InvariantCulture);
        MemoryGi ??= (Machine.Spec.Memory ?? Machine.Status?.Memory) is { } m && m.TryGetValue(out var mb) ? Sizes.Gi(mb) : null;
        DiskGi ??= (Machine.Spec.Storage?.Size ?? Machine.Status?.Disk?.Size) is { } d && d.TryGetValue(out var db) ? Sizes.Gi(db) : null;
        Events = await machines.EventsAsync(Tenant, Name, HttpContext.RequestAborted);
        return true;
    }
}
