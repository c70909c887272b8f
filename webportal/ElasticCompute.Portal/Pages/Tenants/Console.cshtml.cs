using ElasticCompute.Api.Machines;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Consoles;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace ElasticCompute.Portal.Pages.Tenants;

/// <summary>
/// A machine's serial console in a terminal (xterm.js, loaded on this page only), and its graphical console (noVNC, loaded
/// on that page only); the text console without script.
/// </summary>
internal sealed class ConsoleModel(MachineStore machines) : TenantPageModel
{
    [FromRoute(Name = "name")]
    public string Name { get; set; } = string.Empty;

    public ElasticMachine? Machine { get; private set; }

    public string PagePath => MachineConsole.PagePath(Tenant, Name);

    public string DisplayPath => MachineConsole.PagePath(Tenant, Name, ConsoleKind.Display);

    public string MachinePath => $"/tenants/{Uri.EscapeDataString(Tenant)}/machines/{Uri.EscapeDataString(Name)}";

    public async Task<IActionResult> OnGetAsync()
    {
        Machine = await machines.GetAsync(Tenant, Name, HttpContext.RequestAborted);
        return Machine is null ? NotFound() : Page();
    }
}
