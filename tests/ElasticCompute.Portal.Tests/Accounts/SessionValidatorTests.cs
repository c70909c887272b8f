using ElasticCompute.Portal.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCompute.Portal.Tests.Accounts;

/// <summary>Each request's cookie checked against the stored account: what ends a session and what only renews it.</summary>
public sealed class SessionValidatorTests
{
    private static readonly PortalAccount Alice = new("alice", "hash", AccountRole.Member, ["team-a"], 0, null, "stamp-1", []);

    private readonly InMemoryAccountStore store = new();

    [Fact]
    public async Task A_cookie_of_the_unchanged_account_is_kept_as_it_is()
    {
        await StoreAsync(Alice);
        var context = Context(PortalClaims.For(Alice));
        var before = context.Principal;

        await SessionValidator.ValidateAsync(context);

        Assert.Same(before, context.Principal);
        Assert.False(context.ShouldRenew);
    }

    [Fact]
    public async Task A_cookie_of_a_deleted_account_ends_the_session()
    {
        var context = Context(PortalClaims.For(Alice));

        await SessionValidator.ValidateAsync(context);

        Assert.Null(context.Principal);
        Assert.Contains("ec.session=;", context.HttpContext.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_from_before_a_password_reset_ends_the_session()
    {
        await StoreAsync(Alice with { Stamp = "stamp-2" });
        var context = Context(PortalClaims.For(Alice));

        await SessionValidator.ValidateAsync(context);

        Assert.Null(context.Principal);
    }

    [Fact]
    public async Task Changed_tenants_are_taken_into_the_cookie()
    {
        await StoreAsync(Alice with { Tenants = ["team-a", "team-c"] });
        var context = Context(PortalClaims.For(Alice));

        await SessionValidator.ValidateAsync(context);

        Assert.NotNull(context.Principal);
        Assert.Equal(["team-a", "team-c"], context.Principal.Tenants());
        Assert.True(context.ShouldRenew);
    }

    private Task StoreAsync(PortalAccount account) =>
        store.ChangeAsync(all => (new Dictionary<string, PortalAccount>(all, StringComparer.Ordinal) { [account.Name] = account }, 0), CancellationToken.None);

    private CookieValidatePrincipalContext Context(System.Security.Claims.ClaimsPrincipal user)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAccountStore>(store);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.Cookie.Name = "ec.session");
        var http = new DefaultHttpContext { RequestServices = services.BuildServiceProvider(), User = user };
        var scheme = new AuthenticationScheme(CookieAuthenticationDefaults.AuthenticationScheme, null, typeof(CookieAuthenticationHandler));
        return new CookieValidatePrincipalContext(http, scheme, new CookieAuthenticationOptions(), new AuthenticationTicket(user, scheme.Name));
    }
}
