using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCompute.Portal.Tests.Accounts;

/// <summary>Each request's cookie checked against the stored account: what ends a session and what only renews it.</summary>
public sealed class SessionValidatorTests
{
    private static readonly PortalAccount Alice = new("alice", "hash", AccountRole.Member, ["team-a"], 0, null, "stamp-1", []);

    private static readonly SsoOptions Sso = new() { Authority = new Uri("https://idp.example.com/"), ClientId = "portal" };

    private readonly InMemoryAccountStore store = new();

    private PortalOptions options = new();

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

    [Fact]
    public async Task A_single_sign_on_session_is_kept_without_an_account_of_its_name()
    {
        options = new PortalOptions { Sso = Sso };
        var context = Context(PortalClaims.ForSso("carol", admin: false, ["team-a"], []));
        var before = context.Principal;

        await SessionValidator.ValidateAsync(context);

        Assert.Same(before, context.Principal);
    }

    [Fact]
    public async Task A_single_sign_on_session_is_not_taken_for_the_built_in_account_of_the_same_name()
    {
        // alice in the Secret is a member of team-a; the provider's alice is an admin. Neither changes the other.
        await StoreAsync(Alice);
        options = new PortalOptions { Sso = Sso };
        var context = Context(PortalClaims.ForSso("alice", admin: true, [], []));

        await SessionValidator.ValidateAsync(context);

        var kept = Assert.IsType<System.Security.Claims.ClaimsPrincipal>(context.Principal);
        Assert.True(kept.IsAdmin());
        Assert.Empty(kept.Tenants());
    }

    [Fact]
    public async Task A_single_sign_on_session_ends_when_single_sign_on_is_switched_off()
    {
        var context = Context(PortalClaims.ForSso("carol", admin: false, ["team-a"], []));

        await SessionValidator.ValidateAsync(context);

        Assert.Null(context.Principal);
    }

    [Fact]
    public async Task A_built_in_session_ends_when_built_in_accounts_are_switched_off()
    {
        await StoreAsync(Alice);
        options = new PortalOptions { BuiltInAccounts = false, Sso = Sso };
        var context = Context(PortalClaims.For(Alice));

        await SessionValidator.ValidateAsync(context);

        Assert.Null(context.Principal);
    }

    private Task StoreAsync(PortalAccount account) =>
        store.ChangeAsync(all => (new Dictionary<string, PortalAccount>(all, StringComparer.Ordinal) { [account.Name] = account }, 0), CancellationToken.None);

    private CookieValidatePrincipalContext Context(System.Security.Claims.ClaimsPrincipal user)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAccountStore>(store);
        services.AddSingleton(options);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.Cookie.Name = "ec.session");
        var http = new DefaultHttpContext { RequestServices = services.BuildServiceProvider(), User = user };
        var scheme = new AuthenticationScheme(CookieAuthenticationDefaults.AuthenticationScheme, null, typeof(CookieAuthenticationHandler));
        return new CookieValidatePrincipalContext(http, scheme, new CookieAuthenticationOptions(), new AuthenticationTicket(user, scheme.Name));
    }
}
