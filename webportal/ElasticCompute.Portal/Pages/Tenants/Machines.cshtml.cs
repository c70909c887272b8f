using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Live;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace ElasticCompute.Portal.Pages.Tenants;

/// <summary>
/// A tenant's machines, fifty to a page in name order, from the portal's shared cache (one watch per process, not a
/// list per view). Pages are keyed by the last name shown, so a machine added or deleted meanwhile moves no one else
/// off the next page. With script the page follows its machines over server-sent events.
/// </summary>
internal sealed class MachinesModel(MachineStore machines, MachineCatalog catalog) : TenantPageModel
{
    public const int PageSize = 50;

    /// <summary>The name this page follows (exclusive); none for the first page.</summary>
    [FromQuery(Name = "after")]
    public string? After { get; set; }

    public IReadOnlyList<MachineView>? Machines { get; private set; }

    /// <summary>The position of this page's first machine (1 for the first page).</summary>
    public int From { get; private set; } = 1;

    public int Total { get; private set; }

    public string? Next { get; private set; }

    /// <summary>The live stream of this page, from the change it was rendered at.</summary>
    public string LiveStream { get; private set; } = string.Empty;

    public string? Notice { get; private set; }

    /// <summary>Says so when the shared watch has been failing: the list may be out of date.</summary>
    public bool Stale { get; private set; }

    public async Task OnGetAsync()
    {
        // The change number is taken before the list, so a change in between is sent again, never missed.
        var since = catalog.IdOf(catalog.Sequence);
        var all = await machines.ListAsync(Tenant, HttpContext.RequestAborted);
        var start = 0;
        if (!string.IsNullOrEmpty(After))
        {
            while (start < all.Count && string.CompareOrdinal(all[start].Metadata.Name, After) <= 0)
            {
                start++;
            }
        }

        if (start >= all.Count && all.Count > 0)
        {
            // Past the last name (deleted meanwhile, or not a name at all): the first page again, and why.
            Notice = $"No machine comes after \"{After}\" any more; here is the first page.";
            (After, start) = (null, 0);
        }

        Machines = all.Skip(start).Take(PageSize).Select(MachineView.Of).ToArray();
        From = start + 1;
        Total = all.Count;
        Next = start + PageSize < all.Count
            ? $"/tenants/{Uri.EscapeDataString(Tenant)}/machines?after={Uri.EscapeDataString(Machines[^1].Name)}"
            : null;
        LiveStream = $"{LiveEndpoint.PathOf(Tenant)}?since={Uri.EscapeDataString(since)}";
        Stale = !catalog.IsCurrent;
    }
}
