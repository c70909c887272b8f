using System.Security.Claims;
using ElasticCompute.Portal.Accounts;

namespace ElasticCompute.Portal.Cluster;

/// <summary>
/// Adds Impersonate-User and one Impersonate-Group to every request made while serving a signed-in user, so the API
/// server's RBAC judges the user as well as the portal's own checks do: an admin's requests carry the admins group, a
/// member's request in one of its tenants that tenant's group, any other request of a member the members group.
/// A request made outside a user's request (start-up, background work) goes as the portal itself. A user of the
/// OpenID provider is elasticcompute:sso:NAME, so they are never taken for the built-in account of the same name (whose
/// names have no colon); the groups are the same, as their tenants are.
/// </summary>
/// <remarks>
/// One group, not all of them: HttpClient writes the values of a header as one comma-joined line, and the API server
/// reads each Impersonate-Group line as one group name ("a, b" would be a single group that no binding names). The API
/// server adds system:authenticated to an impersonated user itself.
/// </remarks>
internal sealed class ImpersonationHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    public const string UserPrefix = "elasticcompute:";
    public const string SsoUserPrefix = "elasticcompute:sso:";
    public const string AdminsGroup = "elasticcompute:admins";
    public const string MembersGroup = "elasticcompute:members";
    public const string TenantGroupPrefix = "elasticcompute:tenant:";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user)
        {
            foreach (var (name, value) in HeadersFor(user, request.RequestUri))
            {
                request.Headers.Remove(name);
                request.Headers.Add(name, value);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The Kubernetes user name of <paramref name="user"/>; a provider's name outside printable ASCII is percent-encoded, as a header needs.</summary>
    public static string UserFor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsSso())
        {
            return UserPrefix + user.Name();
        }

        var name = user.Name();
        return SsoUserPrefix + (name.All(c => c is >= ' ' and <= '~') ? name : Uri.EscapeDataString(name));
    }

    /// <summary>
    /// The headers a request of <paramref name="user"/> to <paramref name="uri"/> carries; also set by hand on a WebSocket
    /// (the console), which ClientWebSocket opens without the HttpClient's handlers.
    /// </summary>
    public static IReadOnlyDictionary<string, string> HeadersFor(ClaimsPrincipal user, Uri? uri) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Impersonate-User"] = UserFor(user),
        ["Impersonate-Group"] = GroupFor(user, uri),
    };

    /// <summary>The one group a request of <paramref name="user"/> to <paramref name="uri"/> is made in.</summary>
    public static string GroupFor(ClaimsPrincipal user, Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsAdmin())
        {
            return AdminsGroup;
        }

        return NamespaceOf(uri) is { } ns && user.Tenants().Contains(ns, StringComparer.Ordinal) ? TenantGroupPrefix + ns : MembersGroup;
    }

    /// <summary>The namespace of a namespaced API path (".../namespaces/NAME/..."), else null.</summary>
    private static string? NamespaceOf(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(segments, "namespaces");
        return at >= 0 && at + 1 < segments.Length ? Uri.UnescapeDataString(segments[at + 1]) : null;
    }
}
