using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages;

/// <summary>What a status code means to a person (404 hides whether another tenant's machine exists).</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    public void OnGet(int code)
    {
        (Title, Text) = code switch
        {
            404 => ("Not found", "There is nothing here, or it is not yours to see. Check the address, or start again from your machines."),
            403 => ("Not allowed", "Your account may not open this page."),
            400 => ("Bad request", "The page could not use what was sent. Go back, reload the form and try again."),
            429 => ("Too many attempts", "Wait a minute and try again."),
            _ => ($"Error {code}", "Something went wrong. Try again in a moment."),
        };
    }
}
