using ElasticCompute.Portal.Accounts;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// Adds Impersonate-User and Impersonate-Group (one per tenant, plus the role's group) to every request made while
/// serving a signed-in user, so the API server's RBAC judges the user as well as the portal's own checks do.
/// A request made outside a user's request (start-up, background work) goes as the portal itself.
/// </summary>
internal sealed class ImpersonationHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    public const string UserPrefix = "elasticcompute:";
    public const string AdminsGroup = "elasticcompute:admins";
    public const string MembersGroup = "elasticcompute:members";
    public const string TenantGroupPrefix = "elasticcompute:tenant:";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user)
        {
            request.Headers.Remove("Impersonate-User");
            request.Headers.Remove("Impersonate-Group");
            request.Headers.Add("Impersonate-User", UserPrefix + user.Name());
            var groups = new List<string> { user.IsAdmin() ? AdminsGroup : MembersGroup, "system:authenticated" };
            groups.AddRange(user.Tenants().Select(t => TenantGroupPrefix + t));
            request.Headers.Add("Impersonate-Group", groups);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
