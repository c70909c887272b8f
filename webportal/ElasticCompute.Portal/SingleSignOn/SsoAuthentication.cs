using ElasticCompute.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ElasticCompute.Portal.SingleSignOn;

/// <summary>
/// The OpenID Connect handler as the portal uses it: authorization code with PKCE, the code returned in the query
/// (a top-level GET, so the correlation and nonce cookies can be SameSite=Lax and need no Secure over plain http on
/// loopback, while over HTTPS they are Secure), claims from the ID token and the userinfo endpoint.
/// </summary>
internal static class SsoAuthentication
{
    public const string Scheme = "oidc";

    /// <summary>Register https://PORTAL/signin-oidc as the client's redirect URI.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Register https://PORTAL/signout-callback-oidc as its post-logout redirect URI; it leads to the sign-in page.</summary>
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    public static AuthenticationBuilder AddPortalSso(this AuthenticationBuilder builder, PortalOptions options, CookieSecurePolicy secure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var sso = options.Sso ?? throw new ArgumentException("no single sign-on options", nameof(options));
        builder.Services.AddSingleton(new GroupMapping(sso));
        builder.Services.AddSingleton<SsoEvents>();
        return builder.AddOpenIdConnect(Scheme, sso.ProviderName, o =>
        {
            o.Authority = sso.Authority.ToString();
            o.RequireHttpsMetadata = !sso.OnLoopback;
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            foreach (var scope in sso.ExtraScopes.Where(s => !o.Scope.Contains(s)))
            {
                o.Scope.Add(scope);
            }

            // Claims keep the provider's names (groups, preferred_username), as the options name them.
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.ClaimActions.MapUniqueJsonKey(sso.NameClaim, sso.NameClaim);
            o.ClaimActions.MapJsonKey(sso.GroupsClaim, sso.GroupsClaim);
            o.SaveTokens = true;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.SignOutScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.CallbackPath = CallbackPath;
            o.SignedOutCallbackPath = SignedOutCallbackPath;
            // No front-channel logout: the portal's principal keeps no sid, so any page could end a session through it.
            o.RemoteSignOutPath = PathString.Empty;
            o.DisableTelemetry = true;
            o.BackchannelTimeout = TimeSpan.FromSeconds(15);
            o.TimeProvider = options.Time;
            o.EventsType = typeof(SsoEvents);
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = secure;
                cookie.HttpOnly = true;
            }

            o.CorrelationCookie.Name = "ec.sso.correlation.";
            o.NonceCookie.Name = "ec.sso.nonce.";
        });
    }
}
