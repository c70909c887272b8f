using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages;

/// <summary>
/// Sign-out is a post (with its antiforgery token), so no link on another site can sign a user out. A user of the
/// OpenID provider is signed out there too (RP-initiated logout with the ID token as hint), and comes back to the
/// sign-in page; so the next visit asks the provider's login again instead of signing in silently.
/// </summary>
internal sealed partial class SignOutModel(PortalOptions options, ILogger<SignOutModel> log) : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Redirect("/signin");

    /// <summary>The provider's end-session address (with the ID token as hint) that the page leads to; null when there is none.</summary>
    public string? ProviderSignOutUrl { get; private set; }

    public string ProviderName => options.Sso?.ProviderName ?? string.Empty;

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.IsSso() && options.Sso is { } sso)
        {
            try
            {
                // The provider first: it reads the ID token from the session cookie, which the portal's sign-out then clears.
                await HttpContext.SignOutAsync(SsoAuthentication.Scheme, new AuthenticationProperties { RedirectUri = "/signin?signedOut=sso" });
                ProviderSignOutUrl = HttpContext.Items[SsoEvents.SignOutUrlKey] as string;
            }
            catch (Exception e) when (SsoFailure.CodeOf(e) is not null)
            {
                ProviderSignOutFailed(log, User.Name(), sso.ProviderName, e.Message);
            }

            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (ProviderSignOutUrl is null)
            {
                // Unreachable, or no end_session_endpoint: the portal's session has ended, and the sign-in page says the provider's may not have.
                return Redirect("/signin?signedOut=portal");
            }

            // The page is rendered signed out (no menu), and not kept: the address carries the ID token.
            HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
            Response.Headers.CacheControl = "no-store";
            return Page();
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/signin");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "sign-out of {User} at {Provider} failed, only the portal's session ended: {Detail}")]
    private static partial void ProviderSignOutFailed(ILogger logger, string user, string provider, string detail);
}
