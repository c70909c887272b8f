using System.Security.Claims;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ElasticCompute.Portal.SingleSignOn;

/// <summary>
/// What the portal does with the provider's answer: the user becomes the portal's own claims (name, role, tenants),
/// so every tenant check works as for a built-in account; a failure becomes a message on the sign-in page.
/// </summary>
internal sealed partial class SsoEvents(PortalOptions portal, GroupMapping mapping, ILogger<SsoEvents> log) : OpenIdConnectEvents
{
    /// <summary>Groups kept in the cookie to explain an empty membership; enough to recognise them, small enough for a cookie.</summary>
    private const int GroupsShown = 20;

    private const int MaxNameLength = 256;

    /// <summary>Where <see cref="RedirectToIdentityProviderForSignOut"/> leaves the provider's sign-out address for the sign-out page.</summary>
    public const string SignOutUrlKey = "ec.sso.sign-out-url";

    private SsoOptions Sso => portal.Sso!;

    /// <summary>
    /// The sign-out page leads the browser to the provider itself instead of a redirect: the sign-out is a form's post,
    /// and under the CSP's form-action 'self' a post may not be redirected to another origin.
    /// </summary>
    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(context.ProtocolMessage.IssuerAddress))
        {
            // As the handler would after this event: the state brings the user back to the sign-in page.
            context.ProtocolMessage.State = context.Options.StateDataFormat.Protect(context.Properties);
            context.HttpContext.Items[SignOutUrlKey] = context.ProtocolMessage.CreateLogoutRequestUrl();
        }

        context.HandleResponse();
        return Task.CompletedTask;
    }

    public override Task TicketReceived(TicketReceivedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var source = context.Principal ?? new ClaimsPrincipal();
        var name = UsableName(source.FindFirst(Sso.NameClaim)?.Value) ?? UsableName(source.FindFirst("sub")?.Value);
        if (name is null)
        {
            NoName(log, Sso.ProviderName, Sso.NameClaim);
            context.Response.Redirect($"/signin?sso={SsoFailure.NoName}");
            context.HandleResponse();
            return Task.CompletedTask;
        }

        var groups = source.FindAll(Sso.GroupsClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        var membership = mapping.Map(groups);
        context.Principal = PortalClaims.ForSso(name, membership.IsAdmin, membership.Tenants, membership.GivesNothing ? groups.Take(GroupsShown) : []);

        // Only the ID token is kept (for the provider's sign-out); the access token has no use here and would only grow the cookie.
        var properties = context.Properties ?? new AuthenticationProperties();
        var idToken = properties.GetTokenValue(OpenIdConnectParameterNames.IdToken);
        properties.StoreTokens(idToken is null ? [] : [new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);

        // A fixed end, not a sliding one: groups changed at the provider, or a user removed there, apply by then.
        properties.IsPersistent = false;
        properties.AllowRefresh = false;
        properties.ExpiresUtc = portal.Time.GetUtcNow() + portal.SessionLifetime;
        context.Properties = properties;
        var tenants = string.Join(", ", membership.Tenants);
        SignedIn(log, name, Sso.ProviderName, membership.IsAdmin, tenants, groups.Length);
        return Task.CompletedTask;
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var code = SsoFailure.CodeOf(context.Failure) ?? SsoFailure.Refused;
        var error = SsoFailure.ErrorOf(context.Failure);
        Failed(log, Sso.ProviderName, code, context.Failure?.Message ?? "no detail");
        context.Response.Redirect($"/signin?sso={code}" + (error is null ? string.Empty : $"&error={error}"));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static string? UsableName(string? value) =>
        value is { Length: > 0 and <= MaxNameLength } && !value.Any(char.IsControl) && value.Trim().Length == value.Length ? value : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "single sign-on: {Name} signed in through {Provider} (admin: {Admin}; tenants: {Tenants}; {Groups} groups)")]
    private static partial void SignedIn(ILogger logger, string name, string provider, bool admin, string tenants, int groups);

    [LoggerMessage(Level = LogLevel.Warning, Message = "single sign-on through {Provider} failed: {Code}: {Detail}")]
    private static partial void Failed(ILogger logger, string provider, string code, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "single sign-on through {Provider} refused: the user has neither a usable {Claim} claim nor sub")]
    private static partial void NoName(ILogger logger, string provider, string claim);
}
