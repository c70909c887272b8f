using ElasticCompute.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ElasticCompute.Portal.Accounts;

/// <summary>
/// Checks each request's session against the stored account: a deleted account, a reset password or a changed role
/// ends the session; changed tenants are taken into the cookie. So a replica never trusts a stale cookie for long.
/// A single sign-on session has no account to check: the provider vouched for it at sign-in, and it ends at a fixed
/// time (no sliding). Each kind of session ends when its way of signing in is switched off.
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<PortalOptions>();
        if (user.IsSso())
        {
            if (options.Sso is null)
            {
                await RejectAsync(context).ConfigureAwait(false);
            }

            return;
        }

        if (!options.BuiltInAccounts)
        {
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }

        var store = services.GetRequiredService<IAccountStore>();
        var accounts = await store.ReadAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (!accounts.TryGetValue(user.Name(), out var account) || user.FindFirst(PortalClaims.Stamp)?.Value != account.Stamp)
        {
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }

        if (!user.Describes(account))
        {
            context.ReplacePrincipal(PortalClaims.For(account));
            context.ShouldRenew = true;
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
    }
}
