using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages;

/// <summary>The start page: straight to the machines when the user has one tenant, else a choice.</summary>
internal sealed class IndexModel(TenantAccess access, PortalOptions options) : PageModel
{
    public IReadOnlyList<string> Tenants { get; private set; } = [];

    /// <summary>The provider, when the user signed in through it (their groups decide what they see).</summary>
    public SsoOptions? Sso => User.IsSso() ? options.Sso : null;

    public async Task<IActionResult> OnGetAsync()
    {
        Tenants = await access.TenantsOfAsync(User, HttpContext.RequestAborted);
        ViewData["Tenants"] = Tenants;
        return Tenants.Count == 1 ? Redirect($"/tenants/{Uri.EscapeDataString(Tenants[0])}/machines") : Page();
    }
}
