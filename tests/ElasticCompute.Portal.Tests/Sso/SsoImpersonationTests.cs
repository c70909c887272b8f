using System.Net;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>
/// A portal with impersonation on and a user signed in through the provider (driven over HTTP, redirect by redirect,
/// as a browser follows them): what reaches the API server names the provider's user and its tenant's group.
/// </summary>
public sealed class SsoImpersonationTests(DevClusterFixture cluster, SsoFixture sso) : IClassFixture<DevClusterFixture>, IClassFixture<SsoFixture>
{
    [SkippableFact]
    public async Task A_single_sign_on_users_machine_list_reaches_the_cluster_as_that_user_in_its_tenants_group()
    {
        var idp = await sso.ProviderAsync();
        await cluster.NamespaceAsync("team-a");
        await using var portal = await PortalApp.StartAsync(
            new PortalOptions { Listen = $"127.0.0.1:{sso.MainPort}", Impersonate = true, Sso = SsoFixture.Options(idp.Issuer), LoggerFactory = NullLoggerFactory.Instance },
            cluster.Configuration, CancellationToken.None);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = portal.Url };

        // The provider's button, then its login form.
        using var form = await browser.GetAsync(new Uri("/signin?handler=Sso&ReturnUrl=%2Ftenants%2Fteam-a%2Fmachines", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var login = form.RequestMessage!.RequestUri!;
        Assert.StartsWith($"{idp.Issuer.GetLeftPart(UriPartial.Authority)}/interaction/", login.ToString(), StringComparison.Ordinal);
        using var credentials = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "carol", ["password"] = SsoFixture.PasswordOf("carol") });
        using var page = await browser.PostAsync(login, credentials);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(new Uri(portal.Url, "/tenants/team-a/machines"), page.RequestMessage!.RequestUri);
        Assert.Contains("There are no machines in team-a yet", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var list = Assert.Single(cluster.Requests.All, r => r is { Method: "GET", Path: "/apis/elasticcompute.io/v1alpha1/namespaces/team-a/elasticmachines" });
        Assert.Equal(["elasticcompute:sso:carol"], list.Header("Impersonate-User"));
        Assert.Equal([ImpersonationHandler.TenantGroupPrefix + "team-a"], list.Header("Impersonate-Group"));
    }
}
