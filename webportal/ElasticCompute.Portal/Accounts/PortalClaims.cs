using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ElasticCompute.Portal.Accounts;

/// <summary>What the session cookie says of its user: name, role, tenants and the account's stamp.</summary>
internal static class PortalClaims
{
    public const string Tenant = "ec:tenant";
    public const string Stamp = "ec:stamp";
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
