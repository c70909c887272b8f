using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ElasticCompute.Portal.Accounts;

/// <summary>
/// Checks each request's session against the stored account: a deleted account, a reset password or a changed role
/// ends the session; changed tenants are taken into the cookie. So a replica never trusts a stale cookie for long.
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user)
        {
            return;
        }

        var store = context.HttpContext.RequestServices.GetRequiredService<IAccountStore>();
        var accounts = await store.ReadAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (!accounts.TryGetValue(user.Name(), out var account) || user.FindFirst(PortalClaims.Stamp)?.Value != account.Stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return;
        }

        if (!user.Describes(account))
        {
            context.ReplacePrincipal(PortalClaims.For(account));
            context.ShouldRenew = true;
        }
    }
}
