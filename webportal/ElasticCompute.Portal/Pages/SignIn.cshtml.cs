using ElasticCompute.Portal.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed partial class SignInModel(AccountService accounts, ILogger<SignInModel> log) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturn) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
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

    private string SafeReturn => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    [LoggerMessage(Level = LogLevel.Warning, Message = "sign-in refused for account {Name} from {Address} (locked: {Locked})")]
    private static partial void Failed(ILogger logger, string name, string address, bool locked);
}
