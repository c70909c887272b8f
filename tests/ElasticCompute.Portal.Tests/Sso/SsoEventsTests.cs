using System.Security.Claims;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>The provider's answer made into the portal's session: its claims shape, what the cookie keeps, when it ends.</summary>
public sealed class SsoEventsTests
{
    private static readonly SsoOptions Sso = new() { Authority = new Uri("https://idp.example.com/"), ClientId = "portal", AdminGroup = "admins" };

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_user_gets_the_portals_claims_and_the_cookie_keeps_only_the_id_token_until_a_fixed_end()
    {
        var context = Ticket(("sub", "8f3a"), ("preferred_username", "carol"), ("groups", "elasticcompute:tenant:team-a"), ("groups", "staff"), ("email", "carol@example.com"));

        await Events().TicketReceived(context);

        var user = context.Principal!;
        Assert.Equal("carol", user.Name());
        Assert.True(user.IsSso());
        Assert.False(user.IsAdmin());
        Assert.Equal(["team-a"], user.Tenants());
        Assert.Empty(user.SsoGroups());
        Assert.DoesNotContain(user.Claims, c => c.Type is "email" or "groups" or "sub");
        var properties = context.Properties!;
        Assert.Equal(["id_token"], properties.GetTokens().Select(t => t.Name));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(8), properties.ExpiresUtc);
        Assert.False(properties.AllowRefresh);
    }

    [Fact]
    public async Task Without_the_name_claim_the_user_is_named_by_sub_and_the_groups_that_gave_nothing_are_kept_to_explain()
    {
        var context = Ticket(("sub", "8f3a"), ("groups", "staff"));

        await Events().TicketReceived(context);

        var user = context.Principal!;
        Assert.Equal("8f3a", user.Name());
        Assert.Equal(["staff"], user.SsoGroups());
    }

    [Fact]
    public async Task A_name_with_control_characters_is_refused_with_a_message_not_used()
    {
        var context = Ticket(("sub", "bad\nname"), ("preferred_username", "bad\u0007"));

        await Events().TicketReceived(context);

        Assert.True(context.Result?.Handled);
        Assert.Equal("/signin?sso=name", context.Response.Headers.Location.ToString());
    }

    private SsoEvents Events() =>
        new(new PortalOptions { Sso = Sso, Time = time }, new GroupMapping(Sso), NullLogger<SsoEvents>.Instance);

    private static TicketReceivedContext Ticket(params (string Type, string Value)[] claims)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = "header.payload.signature" }, new AuthenticationToken { Name = "access_token", Value = "opaque" }]);
        var scheme = new AuthenticationScheme(SsoAuthentication.Scheme, null, typeof(OpenIdConnectHandler));
        return new TicketReceivedContext(new DefaultHttpContext(), scheme, new OpenIdConnectOptions(), new AuthenticationTicket(principal, properties, scheme.Name));
    }
}
