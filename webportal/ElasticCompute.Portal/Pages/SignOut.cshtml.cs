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

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.IsSso() && options.Sso is { } sso)
        {
            try
            {
                // The provider first: it reads the ID token from the session cookie, which the portal's sign-out then clears.
                await HttpContext.SignOutAsync(SsoAuthentication.Scheme, new AuthenticationProperties { RedirectUri = "/signin?signedOut=sso" });
                await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return new EmptyResult();
            }
            catch (Exception e) when (SsoFailure.CodeOf(e) is not null || e is InvalidOperationException)
            {
                // Unreachable, or no end_session_endpoint: the portal's session still ends, and the page says the provider's may not have.
                Response.Headers.Location = default;
                ProviderSignOutFailed(log, User.Name(), sso.ProviderName, e.Message);
                await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Redirect("/signin?signedOut=portal");
            }
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/signin");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "sign-out of {User} at {Provider} failed, only the portal's session ended: {Detail}")]
    private static partial void ProviderSignOutFailed(ILogger logger, string user, string provider, string detail);
}
