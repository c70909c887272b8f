using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ElasticCompute.Portal.Pages;

/// <summary>The page an unexpected fault ends on: no stack trace (it is in the log), a time to quote.</summary>
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class ErrorModel(TimeProvider time) : PageModel
{
    public string At { get; private set; } = string.Empty;

    public void OnGet() => At = time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    public void OnPost() => OnGet();
}
