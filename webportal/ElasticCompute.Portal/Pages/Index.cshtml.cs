using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages;

/// <summary>The start page: straight to the machines when the user has one tenant, else a choice.</summary>
internal sealed class IndexModel(TenantAccess access) : PageModel
{
    public IReadOnlyList<string> Tenants { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Tenants = await access.TenantsOfAsync(User, HttpContext.RequestAborted);
        ViewData["Tenants"] = Tenants;
        return Tenants.Count == 1 ? Redirect($"/tenants/{Uri.EscapeDataString(Tenants[0])}/machines") : Page();
    }
}
