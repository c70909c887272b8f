using ElasticCompute.Portal.Cluster;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Tenancy;

/// <summary>
/// A page of one tenant (/tenants/{tenant}/...). The tenant comes from the route only, never from a form field, and is
/// checked against the user before any handler runs.
/// </summary>
public abstract class TenantPageModel : PageModel
{
    [FromRoute(Name = "tenant")]
    public string Tenant { get; set; } = string.Empty;

    /// <summary>The tenants the user may switch to.</summary>
    public IReadOnlyList<string> Tenants { get; private set; } = [];

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var access = HttpContext.RequestServices.GetRequiredService<TenantAccess>();
        try
        {
            Tenants = await access.TenantsOfAsync(User, HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (ClusterProblem.IsUnavailable(e))
        {
            ViewData[ClusterFailureFilter.ProblemKey] = ClusterProblem.Unavailable;
            context.Result = new PageResult { StatusCode = StatusCodes.Status503ServiceUnavailable };
            return;
        }

        if (!await access.AllowsAsync(User, Tenant, HttpContext).ConfigureAwait(false))
        {
            context.Result = NotFound();
            return;
        }

        ViewData["Tenant"] = Tenant;
        ViewData["Tenants"] = Tenants;
        await next().ConfigureAwait(false);
    }
}
