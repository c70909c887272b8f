using System.Net;
using System.Text.RegularExpressions;

namespace ElasticCompute.Bench;

/// <summary>An HttpClient signed in to the portal as a browser without script would: the form's antiforgery token and cookie, then the post.</summary>
internal static partial class PortalSignIn
{
    /// <summary>Signs in and returns the client (its cookies hold the session) and the page the sign-in led to.</summary>
    public static async Task<(HttpClient Client, Uri Landing)> SignInAsync(Uri portal, string account, string password, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(30),
        })
        {
            BaseAddress = portal,
            Timeout = timeout ?? TimeSpan.FromMinutes(1),
        };
        try
        {
            var form = await http.GetStringAsync(new Uri("/signin", UriKind.Relative), cancellationToken);
            var token = Token().Match(form) is { Success: true } match
                ? WebUtility.HtmlDecode(match.Groups["value"].Value)
                : throw new InvalidOperationException("the sign-in form has no __RequestVerificationToken input");
            using var post = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Name"] = account,
                ["Password"] = password,
                ["ReturnUrl"] = string.Empty,
                ["__RequestVerificationToken"] = token,
            });
            using var response = await http.PostAsync(new Uri("/signin", UriKind.Relative), post, cancellationToken);
            var landing = response.RequestMessage?.RequestUri ?? portal;
            if (!response.IsSuccessStatusCode || landing.AbsolutePath.StartsWith("/signin", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"signing in as {account} did not lead past the sign-in page: {(int)response.StatusCode} {landing}");
            }

            return (http, landing);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    [GeneratedRegex("""<input(?=[^>]*\bname="__RequestVerificationToken")[^>]*\bvalue="(?<value>[^"]*)""")]
    private static partial Regex Token();
}
