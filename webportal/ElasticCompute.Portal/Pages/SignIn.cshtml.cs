using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages;

/// <summary>Sign-in with a built-in account, with the OpenID provider, or both; what went wrong with the provider, in words.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed partial class SignInModel(AccountService accounts, PortalOptions options, ILogger<SignInModel> log) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public string? Notice { get; private set; }

    public SsoOptions? Sso => options.Sso;

    public bool BuiltInAccounts => options.BuiltInAccounts;

    /// <param name="sso">A failure code the provider's callback sent here (see <see cref="SsoFailure"/>).</param>
    /// <param name="error">The provider's OAuth error code, when it sent one.</param>
    /// <param name="signedOut">"sso" after both sessions ended, "portal" when only the portal's did.</param>
    public IActionResult OnGet([FromQuery] string? sso, [FromQuery] string? error, [FromQuery] string? signedOut)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturn);
        }

        if (Sso is { } provider)
        {
            Problem = SsoFailure.Message(sso, SsoFailure.ErrorOf(error), provider);
            Notice = signedOut switch
            {
                "sso" => $"You are signed out of the portal and of {provider.ProviderName}.",
                "portal" => $"You are signed out of the portal. {provider.ProviderName} could not be told, so you may still be signed in there: sign out there too on a shared computer.",
                _ => null,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!BuiltInAccounts)
        {
            Password = null;
            Problem = $"Portal accounts are switched off here: sign in with {Sso?.ProviderName}.";
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        var name = Name?.Trim() ?? string.Empty;
        if (name.Length == 0 || string.IsNullOrEmpty(Password))
        {
            Problem = "Enter your account name and password.";
            return Page();
        }

        var outcome = await accounts.SignInAsync(name, Password, HttpContext.RequestAborted);
        Password = null;
        if (!outcome.Succeeded)
        {
            // The name is logged so an admin can see a guessing attempt; never the password.
            Failed(log, name.Length > 64 ? name[..64] : name, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", outcome.LockedUntil is not null);
            Problem = outcome.LockedUntil is { } until
                ? $"This account is locked after repeated failed sign-ins. Try again after {until.UtcDateTime:HH:mm} UTC, or ask an admin to unlock it."
                : "The account name or password is not right.";
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PortalClaims.For(outcome.Account!));
        return LocalRedirect(SafeReturn);
    }

    /// <summary>Off to the provider; a provider that cannot be reached (or refuses the portal) is said here, not as an error page.</summary>
    public async Task<IActionResult> OnGetSsoAsync()
    {
        if (Sso is not { } provider)
        {
            return NotFound();
        }

        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturn);
        }

        try
        {
            await HttpContext.ChallengeAsync(SsoAuthentication.Scheme, new AuthenticationProperties { RedirectUri = SafeReturn });
            return new EmptyResult();
        }
        catch (Exception e) when (SsoFailure.CodeOf(e) is { } code)
        {
            ProviderFailed(log, provider.ProviderName, code, e.Message);
            Problem = SsoFailure.Message(code, SsoFailure.ErrorOf(e), provider);
            Response.StatusCode = code == SsoFailure.Unreachable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;
            return Page();
        }
    }

    private string SafeReturn => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    [LoggerMessage(Level = LogLevel.Warning, Message = "sign-in refused for account {Name} from {Address} (locked: {Locked})")]
    private static partial void Failed(ILogger logger, string name, string address, bool locked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "single sign-on through {Provider} could not start: {Code}: {Detail}")]
    private static partial void ProviderFailed(ILogger logger, string provider, string code, string detail);
}
