using System.Globalization;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Schema;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages.Admin;

/// <summary>Admins make tenants (a labelled namespace) with their quota, which lives in the policy's quotas.</summary>
internal sealed class TenantsModel(TenantDirectory tenants, MachineStore machines, PolicyReader policies) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? MaxMachines { get; set; }

    [BindProperty]
    public string? MaxCpu { get; set; }

    [BindProperty]
    public string? MaxMemoryGi { get; set; }

    [BindProperty]
    public string? MaxStorageGi { get; set; }

    public IReadOnlyList<(string Name, int Machines, string Quota)>? Rows { get; private set; }

    public List<(string Field, string Message)> Errors { get; } = [];

    public async Task OnGetAsync()
    {
        var snapshot = await LoadAsync();
        if (snapshot.Policy.DefaultQuota is { } quota)
        {
            MaxMachines = quota.MaxMachines?.ToString(CultureInfo.InvariantCulture);
            MaxCpu = quota.MaxCpu?.ToString(CultureInfo.InvariantCulture);
            MaxMemoryGi = quota.MaxMemory is { } m && m.TryGetValue(out var mb) ? Sizes.Gi(mb) : null;
            MaxStorageGi = quota.MaxStorage is { } s && s.TryGetValue(out var sb) ? Sizes.Gi(sb) : null;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = Name?.Trim() ?? string.Empty;
        if (!DnsNames.IsLabel(name))
        {
            Errors.Add(("Name", $"name: \"{name}\" is not a valid namespace name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit"));
        }

        var limits = new NamespaceQuotaLimits
        {
            MaxMachines = Whole("most machines", MaxMachines),
            MaxCpu = Whole("most vCPU", MaxCpu),
            MaxMemory = Gi("most memory", MaxMemoryGi),
            MaxStorage = Gi("most disk", MaxStorageGi),
        };
        if (Errors.Count > 0)
        {
            await LoadAsync();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var any = limits.MaxMachines is not null || limits.MaxCpu is not null || limits.MaxMemory is not null || limits.MaxStorage is not null;
        try
        {
            await tenants.CreateAsync(name, any ? limits : null, HttpContext.RequestAborted);
        }
        catch (Exception e) when (ApiRefusal.From(e) is { } refusal)
        {
            Errors.Add((string.Empty, $"The cluster refused it: {refusal.Message}"));
            await LoadAsync();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        policies.Invalidate();
        TempData["Notice"] = $"Tenant {name} is saved{(any ? " with its quota" : " without a quota of its own")}.";
        return Redirect("/admin/tenants");
    }

    private async Task<PolicySnapshot> LoadAsync()
    {
        var snapshot = await policies.ReadAsync(HttpContext.RequestAborted);
        var all = await machines.ListAllAsync(HttpContext.RequestAborted);
        Rows = (await tenants.ListAsync(HttpContext.RequestAborted)).Select(t =>
        {
            var quota = snapshot.Policy.QuotaFor(t);
            var text = quota is null ? "none" : string.Join(", ", new[]
            {
                quota.MaxMachines is { } mm ? $"{mm} machines" : null,
                quota.MaxCpu is { } c ? $"{c} vCPU" : null,
                quota.MaxMemory is { } m ? $"{Sizes.Of(m)} memory" : null,
                quota.MaxStorage is { } s ? $"{Sizes.Of(s)} disk" : null,
            }.Where(x => x is not null));
            return (t, all.Count(m => m.Metadata.NamespaceProperty == t), text);
        }).ToArray();
        return snapshot;
    }

    private int? Whole(string label, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        Errors.Add((label, $"{label}: \"{text}\" is not a whole number of 0 or more"));
        return null;
    }

    private Api.Quantities.Quantity? Gi(string label, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Sizes.FromGi(text) is { } quantity)
        {
            return quantity;
        }

        Errors.Add((label, $"{label}: \"{text}\" is not a number of GiB, for example 64"));
        return null;
    }
}
