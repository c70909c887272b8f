using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ElasticCompute.Portal.Accounts;

/// <summary>
/// What the session cookie says of its user: name, role, tenants and, for a built-in account, the account's stamp.
/// A user signed in through the OpenID provider has the same shape, marked as such, so every tenant check is the same.
/// </summary>
internal static class PortalClaims
{
    public const string Tenant = "ec:tenant";
    public const string Stamp = "ec:stamp";
    public const string Source = "ec:source";
    public const string SsoSource = "sso";

    /// <summary>The provider's groups of a user they gave nothing, so the page can say which groups it saw.</summary>
    public const string SsoGroup = "ec:sso-group";
    public const string AdminRole = "admin";
    public const string MemberRole = "member";

    public static ClaimsPrincipal For(PortalAccount account)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.Name),
            new(ClaimTypes.Role, account.IsAdmin ? AdminRole : MemberRole),
            new(Stamp, account.Stamp),
        };
        claims.AddRange(account.Tenants.Select(t => new Claim(Tenant, t)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>A user signed in through the OpenID provider; <paramref name="groups"/> are kept only to explain an empty membership.</summary>
    public static ClaimsPrincipal ForSso(string name, bool admin, IReadOnlyList<string> tenants, IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(ClaimTypes.Role, admin ? AdminRole : MemberRole),
            new(Source, SsoSource),
        };
        claims.AddRange(tenants.Select(t => new Claim(Tenant, t)));
        claims.AddRange(groups.Select(g => new Claim(SsoGroup, g)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static bool IsSso(this ClaimsPrincipal user) => user.FindFirst(Source)?.Value == SsoSource;

    public static IReadOnlyList<string> SsoGroups(this ClaimsPrincipal user) => user.FindAll(SsoGroup).Select(c => c.Value).ToArray();

    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? string.Empty;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(AdminRole);

    public static IReadOnlyList<string> Tenants(this ClaimsPrincipal user) =>
        user.FindAll(Tenant).Select(c => c.Value).ToArray();

    /// <summary>True when the cookie still describes the stored account (same stamp, role and tenants).</summary>
    public static bool Describes(this ClaimsPrincipal user, PortalAccount account) =>
        user.FindFirst(Stamp)?.Value == account.Stamp
        && user.IsAdmin() == account.IsAdmin
        && user.Tenants().SequenceEqual(account.Tenants, StringComparer.Ordinal);
}
