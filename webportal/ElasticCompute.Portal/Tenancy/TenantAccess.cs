using System.Security.Claims;
using ElasticCompute.Portal.Accounts;

namespace ElasticCompute.Portal.Tenancy;

/// <summary>
/// Which tenants a user may use: an admin every tenant, a member those of its account. Every page that touches a tenant
/// asks here first, on the server; a refusal is logged and answered as 404, so guessing tells nothing.
/// </summary>
internal sealed partial class TenantAccess(TenantDirectory directory, ILogger<TenantAccess> log)
{
    public async Task<IReadOnlyList<string>> TenantsOfAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.IsAdmin() ? await directory.ListAsync(cancellationToken).ConfigureAwait(false) : user.Tenants();

    public async Task<bool> AllowsAsync(ClaimsPrincipal user, string? tenant, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var allowed = !string.IsNullOrEmpty(tenant)
            && (await TenantsOfAsync(user, context.RequestAborted).ConfigureAwait(false)).Contains(tenant, StringComparer.Ordinal);
        if (!allowed)
        {
            Refused(log, user.Name(), tenant ?? string.Empty, context.Request.Method, context.Request.Path);
        }

        return allowed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "tenant check refused: {User} asked for tenant {Tenant} ({Method} {Path}); answered 404")]
    private static partial void Refused(ILogger logger, string user, string tenant, string method, string path);
}
