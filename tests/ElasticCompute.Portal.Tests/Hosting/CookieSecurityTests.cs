using System.Net;
using System.Text.RegularExpressions;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Support;

namespace ElasticCompute.Portal.Tests.Hosting;

/// <summary>
/// What the browser is told to do with the portal's cookies and transport: HttpOnly and SameSite always; Secure and
/// HSTS when the portal is reached over HTTPS (here through a TLS-terminating proxy, as a cluster's ingress serves it).
/// </summary>
[Collection(PortalTests.Name)]
public sealed partial class CookieSecurityTests(PortalFixture fixture)
{
    [SkippableFact]
    public async Task Behind_an_https_proxy_every_cookie_is_secure_and_hsts_is_sent()
    {
        await using var portal = await fixture.StartPortalAsync(new PortalOptions { Listen = "127.0.0.1:0", BehindHttpsProxy = true });
        var (form, session) = await SignInAsync(portal.Url, forwardedHttps: true);

        Assert.Equal("max-age=31536000; includeSubDomains", form.Headers.GetValues("Strict-Transport-Security").Single());
        var antiforgery = Cookie(form, "ec.antiforgery");
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);

        var cookie = Cookie(session, "ec.session");
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(session.Headers.Contains("Strict-Transport-Security"));
    }

    [SkippableFact]
    public async Task Over_plain_http_cookies_are_http_only_and_same_site_but_neither_secure_nor_hsts()
    {
        var (form, session) = await SignInAsync(fixture.Url, forwardedHttps: false);

        Assert.False(form.Headers.Contains("Strict-Transport-Security"));
        var cookie = Cookie(session, "ec.session");
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", Cookie(form, "ec.antiforgery"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>GET the sign-in form and POST it as alice, with cookies handled by hand so their attributes can be read.</summary>
    private static async Task<(HttpResponseMessage Form, HttpResponseMessage Session)> SignInAsync(Uri portal, bool forwardedHttps)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = portal };
        if (forwardedHttps)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }

        var form = await http.GetAsync(new Uri("/signin", UriKind.Relative));
        var html = await form.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Token().Match(html).Groups["value"].Value);
        var antiforgery = Cookie(form, "ec.antiforgery").Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/signin", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Name"] = "alice",
                ["Password"] = PortalFixture.AlicePassword,
                ["ReturnUrl"] = string.Empty,
                ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var session = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, session.StatusCode);
        return (form, session);
    }

    private static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal)) is { } cookie
            ? cookie
            : throw new Xunit.Sdk.XunitException($"no Set-Cookie {name} in {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");

    [GeneratedRegex("""<input(?=[^>]*\bname="__RequestVerificationToken")[^>]*\bvalue="(?<value>[^"]*)""")]
    private static partial Regex Token();
}
