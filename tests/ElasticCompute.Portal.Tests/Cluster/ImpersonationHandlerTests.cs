using System.Security.Claims;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>
/// The headers the user client adds while serving a signed-in user. Kubernetes reads each Impersonate-Group header
/// line as one group, and HttpClient writes all values of a header on one line, so each request carries one value.
/// </summary>
public sealed class ImpersonationHandlerTests
{
    private static readonly PortalAccount Alice = new("alice", "hash", AccountRole.Member, ["team-a", "team-b"], 0, null, "stamp", []);
    private static readonly PortalAccount Root = new("root", "hash", AccountRole.Admin, [], 0, null, "stamp", []);

    [Theory]
    [InlineData("team-a")]
    [InlineData("team-b")]
    public async Task A_members_request_in_a_tenant_goes_as_the_user_in_that_tenants_group(string tenant)
    {
        var request = await SendAsync(PortalClaims.For(Alice), $"/apis/elasticcompute.io/v1alpha1/namespaces/{tenant}/elasticmachines");

        Assert.Equal(["elasticcompute:alice"], request.Header("Impersonate-User"));
        Assert.Equal([$"elasticcompute:tenant:{tenant}"], request.Header("Impersonate-Group"));
    }

    [Fact]
    public async Task A_members_request_for_the_events_and_restart_of_a_tenants_machine_carries_its_group_too()
    {
        var events = await SendAsync(PortalClaims.For(Alice), "/api/v1/namespaces/team-b/events");
        var restart = await SendAsync(PortalClaims.For(Alice), "/apis/subresources.kubevirt.io/v1/namespaces/team-b/virtualmachines/web-1/restart");

        Assert.Equal(["elasticcompute:tenant:team-b"], events.Header("Impersonate-Group"));
        Assert.Equal(["elasticcompute:tenant:team-b"], restart.Header("Impersonate-Group"));
    }

    [Theory]
    [InlineData("/apis/elasticcompute.io/v1alpha1/namespaces/team-c/elasticmachines")]
    [InlineData("/api/v1/namespaces")]
    [InlineData("/apis/elasticcompute.io/v1alpha1/elasticcomputepolicies/default")]
    public async Task A_members_request_outside_their_tenants_carries_only_the_members_group(string path)
    {
        var request = await SendAsync(PortalClaims.For(Alice), path);

        Assert.Equal(["elasticcompute:alice"], request.Header("Impersonate-User"));
        Assert.Equal([ImpersonationHandler.MembersGroup], request.Header("Impersonate-Group"));
    }

    [Fact]
    public async Task A_single_sign_on_user_goes_as_a_user_of_its_own_with_the_same_groups()
    {
        var carol = PortalClaims.ForSso("carol", admin: false, ["team-a"], []);
        var inTenant = await SendAsync(carol, "/apis/elasticcompute.io/v1alpha1/namespaces/team-a/elasticmachines");
        var outside = await SendAsync(carol, "/apis/elasticcompute.io/v1alpha1/namespaces/team-b/elasticmachines");
        var admin = await SendAsync(PortalClaims.ForSso("alice", admin: true, [], []), "/api/v1/namespaces");

        // Never the built-in account of the same name: those names have no colon.
        Assert.Equal(["elasticcompute:sso:carol"], inTenant.Header("Impersonate-User"));
        Assert.Equal(["elasticcompute:tenant:team-a"], inTenant.Header("Impersonate-Group"));
        Assert.Equal([ImpersonationHandler.MembersGroup], outside.Header("Impersonate-Group"));
        Assert.Equal(["elasticcompute:sso:alice"], admin.Header("Impersonate-User"));
        Assert.Equal([ImpersonationHandler.AdminsGroup], admin.Header("Impersonate-Group"));
    }

    [Fact]
    public async Task A_single_sign_on_name_outside_printable_ascii_is_percent_encoded_as_a_header_needs()
    {
        var request = await SendAsync(PortalClaims.ForSso("josé@example.com", admin: false, [], []), "/api/v1/namespaces");

        Assert.Equal(["elasticcompute:sso:jos%C3%A9%40example.com"], request.Header("Impersonate-User"));
        Assert.Equal(["elasticcompute:sso:carol@example.com"], (await SendAsync(PortalClaims.ForSso("carol@example.com", admin: false, [], []), "/api/v1/namespaces")).Header("Impersonate-User"));
    }

    [Theory]
    [InlineData("/apis/elasticcompute.io/v1alpha1/namespaces/team-a/elasticmachines")]
    [InlineData("/api/v1/namespaces")]
    public async Task An_admins_request_carries_the_admins_group(string path)
    {
        var request = await SendAsync(PortalClaims.For(Root), path);

        Assert.Equal(["elasticcompute:root"], request.Header("Impersonate-User"));
        Assert.Equal([ImpersonationHandler.AdminsGroup], request.Header("Impersonate-Group"));
    }

    [Fact]
    public async Task Without_a_signed_in_user_the_request_goes_as_the_portal()
    {
        var outsideARequest = await SendAsync(null, "/api/v1/namespaces/elasticcompute-system/secrets/elasticcompute-portal-accounts");
        var anonymous = await SendAsync(new ClaimsPrincipal(new ClaimsIdentity()), "/apis/elasticcompute.io/v1alpha1/namespaces/team-a/elasticmachines");

        Assert.DoesNotContain(outsideARequest.Headers.Keys, k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(anonymous.Headers.Keys, k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Impersonate_headers_already_on_the_request_are_replaced()
    {
        var request = await SendAsync(PortalClaims.For(Alice), "/api/v1/namespaces/team-a/events", r =>
        {
            r.Headers.Add("Impersonate-User", "system:admin");
            r.Headers.Add("Impersonate-Group", "system:masters");
        });

        Assert.Equal(["elasticcompute:alice"], request.Header("Impersonate-User"));
        Assert.Equal(["elasticcompute:tenant:team-a"], request.Header("Impersonate-Group"));
    }

    private static async Task<RecordedRequest> SendAsync(ClaimsPrincipal? user, string path, Action<HttpRequestMessage>? prepare = null)
    {
        var capture = new CapturingHandler();
        var accessor = new HttpContextAccessor { HttpContext = user is null ? null : new DefaultHttpContext { User = user } };
        using var client = new HttpClient(new ImpersonationHandler(accessor) { InnerHandler = capture });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri("https://cluster.test:6443"), path));
        prepare?.Invoke(request);
        using var response = await client.SendAsync(request);
        return Assert.Single(capture.Requests);
    }
}
