using System.Net;
using System.Text.RegularExpressions;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>
/// A portal started with impersonation on, against devcluster, and a member signed in over plain HTTP: what arrives at
/// the API server, header line by header line (as Kubernetes reads Impersonate-Group: one group per line).
/// </summary>
public sealed partial class ImpersonationEndToEndTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private const string Password = "alice-password-for-impersonation";

    [Fact]
    public async Task A_signed_in_members_machine_list_reaches_the_cluster_as_that_member()
    {
        await cluster.NamespaceAsync("team-a");
        await cluster.NamespaceAsync("team-b");
        await using var portal = await PortalApp.StartAsync(
            new PortalOptions { Listen = "127.0.0.1:0", Impersonate = true, LoggerFactory = NullLoggerFactory.Instance }, cluster.Configuration, CancellationToken.None);
        var accounts = portal.Services.GetRequiredService<AccountService>();
        Assert.Null(await accounts.CreateAsync("alice", Password, AccountRole.Member, ["team-a", "team-b"], CancellationToken.None));

        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = portal.Url };
        await SignInAsync(browser, "alice", Password);
        using var page = await browser.GetAsync(new Uri("/tenants/team-a/machines", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("There are no machines in team-a yet", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var list = Assert.Single(cluster.Requests.All, r => r is { Method: "GET", Path: "/apis/elasticcompute.io/v1alpha1/namespaces/team-a/elasticmachines" });
        Assert.Equal(["elasticcompute:alice"], list.Header("Impersonate-User"));
        Assert.Equal([ImpersonationHandler.TenantGroupPrefix + "team-a"], list.Header("Impersonate-Group"));

        // The portal's own reads (accounts, cookie keys) go as the portal, also while it serves alice.
        var own = cluster.Requests.All.Where(r => r.Path.StartsWith($"/api/v1/namespaces/{DevClusterFixture.PortalNamespace}/secrets", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, r => Assert.Empty(r.Header("Impersonate-User")));
        Assert.All(own, r => Assert.Empty(r.Header("Impersonate-Group")));
    }

    /// <summary>Signs in through the form with a plain HttpClient (its cookie container keeps the session).</summary>
    internal static async Task SignInAsync(HttpClient browser, string name, string password)
    {
        var form = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = AntiforgeryToken().Match(form);
        Assert.True(token.Success, "the sign-in form has no antiforgery token");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = name,
            ["Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["token"].Value),
        });
        using var signedIn = await browser.PostAsync(new Uri("/signin", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
