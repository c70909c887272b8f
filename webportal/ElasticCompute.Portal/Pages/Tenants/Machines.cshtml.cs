using System.Net;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace ElasticCompute.Portal.Pages.Tenants;

/// <summary>A tenant's machines, fifty to a page in name order (the API server's own paging), so the page stays light however many there are.</summary>
internal sealed class MachinesModel(MachineStore machines) : TenantPageModel
{
    public const int PageSize = 50;

    /// <summary>The API server's continue token of this page; none for the first.</summary>
    [FromQuery(Name = "continue")]
    public string? ContinueToken { get; set; }

    /// <summary>The position of this page's first machine (1 for the first page); only for "51-100 of 500".</summary>
    [FromQuery(Name = "from")]
    public int From { get; set; } = 1;

    public IReadOnlyList<MachineView>? Machines { get; private set; }

    public string? Next { get; private set; }

    public long? Total { get; private set; }

    public string? Notice { get; private set; }

    public async Task OnGetAsync()
    {
        From = Math.Max(1, From);
        MachinePage page;
        try
        {
            page = await machines.ListPageAsync(Tenant, PageSize, ContinueToken, HttpContext.RequestAborted);
        }
        catch (k8s.Autorest.HttpOperationException e) when (ContinueToken is not null && e.Response.StatusCode is HttpStatusCode.Gone or HttpStatusCode.BadRequest)
        {
            // A page token too old (or not one): start again from the first page, and say so.
            Notice = "The list changed too much since that page was read; here is the first page again.";
            (ContinueToken, From) = (null, 1);
            page = await machines.ListPageAsync(Tenant, PageSize, null, HttpContext.RequestAborted);
        }

        Machines = page.Items.Select(MachineView.Of).ToArray();
        Total = page.Remaining is { } remaining ? From - 1 + Machines.Count + remaining : page.Continue is null ? From - 1 + Machines.Count : null;
        Next = page.Continue is { } next
            ? $"/tenants/{Uri.EscapeDataString(Tenant)}/machines?continue={Uri.EscapeDataString(next)}&from={From + Machines.Count}"
            : null;
    }
}
