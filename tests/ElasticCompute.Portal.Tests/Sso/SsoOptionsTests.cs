using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>Options that cannot work are refused naming the flag and the rule; the secret never shows in their text.</summary>
public sealed class SsoOptionsTests
{
    private static SsoOptions At(string authority) => new() { Authority = new Uri(authority), ClientId = "portal", ClientSecret = "very-secret-value" };

    [Theory]
    [InlineData("https://idp.example.com/realms/org")]
    [InlineData("http://127.0.0.1:8081/")]
    [InlineData("http://localhost:8081/")]
    [InlineData("http://[::1]:8081/")]
    public void An_https_authority_or_plain_http_on_loopback_is_taken(string authority)
    {
        Assert.Null(At(authority).Problem());
    }

    [Theory]
    [InlineData("http://idp.example.com/", "--oidc-authority: 'http://idp.example.com/' must use https (plain http only for a provider on loopback, such as http://127.0.0.1:PORT)")]
    [InlineData("http://10.0.0.5:8080/", "--oidc-authority: 'http://10.0.0.5:8080/' must use https (plain http only for a provider on loopback, such as http://127.0.0.1:PORT)")]
    [InlineData("ftp://idp.example.com/", "--oidc-authority: 'ftp://idp.example.com/' is not an absolute https URL")]
    public void Another_authority_is_refused_naming_the_flag(string authority, string problem)
    {
        Assert.Equal(problem, At(authority).Problem());
    }

    [Fact]
    public void The_https_metadata_requirement_is_lifted_only_on_loopback()
    {
        Assert.True(At("http://127.0.0.1:1/").OnLoopback);
        Assert.False(At("https://idp.example.com/").OnLoopback);
    }

    [Fact]
    public void A_client_id_and_tenant_mappings_to_namespace_names_are_required()
    {
        Assert.Equal("--oidc-client-id: is required with --oidc-authority", (At("https://idp.example.com/") with { ClientId = " " }).Problem());
        var bad = At("https://idp.example.com/") with { TenantGroups = new Dictionary<string, string>(StringComparer.Ordinal) { ["devs"] = "Team A" } };
        Assert.StartsWith("--oidc-tenant-group: 'devs=Team A' must be GROUP=TENANT", bad.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_is_never_in_the_options_text_nor_in_the_portals()
    {
        var sso = At("https://idp.example.com/");

        Assert.DoesNotContain("very-secret-value", sso.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-value", new PortalOptions { Sso = sso }.ToString(), StringComparison.Ordinal);
        Assert.Contains("ClientSecret = (hidden)", sso.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_button_names_the_display_name_else_the_authoritys_host()
    {
        Assert.Equal("idp.example.com", At("https://idp.example.com/realms/org").ProviderName);
        Assert.Equal("Acme Login", (At("https://idp.example.com/") with { DisplayName = " Acme Login " }).ProviderName);
    }

    [Fact]
    public void Switching_the_built_in_accounts_off_needs_a_provider()
    {
        Assert.Equal("--no-builtin-accounts: needs --oidc-authority, or nobody could sign in", new PortalOptions { BuiltInAccounts = false }.Problem());
        Assert.Null(new PortalOptions { BuiltInAccounts = false, Sso = At("https://idp.example.com/") }.Problem());
    }
}
