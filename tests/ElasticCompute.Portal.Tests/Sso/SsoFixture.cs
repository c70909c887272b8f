using System.Net;
using System.Net.Sockets;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;
using ElasticCompute.Portal.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ElasticCompute.Portal.Tests.Sso;

/// <summary>
/// A real OpenID provider with the portal registered as a client, and portals signing in through it against the
/// product of <see cref="PortalFixture"/> (its devcluster, tenants team-a and team-b, browser). The portals' ports are
/// chosen first, as the client's redirect URIs must name them. Started on first use, so a missing node skips (or,
/// under CI, fails) the test that needs it.
/// </summary>
public sealed class SsoFixture : IAsyncLifetime, IDisposable
{
    public const string ClientId = "elasticcompute-portal";
    public const string ClientSecret = "portal-client-secret-for-tests";
    public const string ProviderName = "Test IdP";
    public const string AdminGroup = "elasticcompute:admins";

    /// <summary>Who the provider knows: carol in team-a by the prefix rule, frank in team-b by an explicit mapping, ada an admin, dave in nothing.</summary>
    public static readonly IReadOnlyList<(string Login, string Password, string[] Groups)> Accounts =
    [
        ("carol", "carol-password-at-the-idp", ["elasticcompute:tenant:team-a", "staff"]),
        ("frank", "frank-password-at-the-idp", ["engineering"]),
        ("ada", "ada-password-at-the-idp", [AdminGroup]),
        ("dave", "dave-password-at-the-idp", ["staff", "contractors"]),
    ];

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "portal-sso-tests", Guid.NewGuid().ToString("n"));
    private readonly List<RunningPortal> portals = [];
    private OidcProvider? provider;
    private RunningPortal? main;

    /// <summary>The in-process portal with built-in accounts and single sign-on.</summary>
    public int MainPort { get; } = FreePort();

    /// <summary>The portal run as its executable, with --no-builtin-accounts.</summary>
    public int CommandPort { get; } = FreePort();

    /// <summary>A portal that sends the wrong client secret.</summary>
    public int WrongSecretPort { get; } = FreePort();

    /// <summary>What the main portal logged (to check that no secret or token is ever in it).</summary>
    public CapturedLogs Logs { get; } = new();

    public string Folder => folder;

    public static string PasswordOf(string login) => Accounts.Single(a => a.Login == login).Password;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    internal async Task<OidcProvider> ProviderAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (provider is null)
            {
                int[] ports = [MainPort, CommandPort, WrongSecretPort];
                var client = new Dictionary<string, object>
                {
                    ["client_id"] = ClientId,
                    ["client_secret"] = ClientSecret,
                    ["client_name"] = "ElasticCompute portal",
                    ["redirect_uris"] = ports.Select(p => $"http://127.0.0.1:{p}{SsoAuthentication.CallbackPath}").ToArray(),
                    ["post_logout_redirect_uris"] = ports.Select(p => $"http://127.0.0.1:{p}{SsoAuthentication.SignedOutCallbackPath}").ToArray(),
                    ["response_types"] = new[] { "code" },
                    ["grant_types"] = new[] { "authorization_code" },
                    ["token_endpoint_auth_method"] = "client_secret_post",
                };
                var accounts = Accounts.Select(a => new { login = a.Login, password = a.Password, name = a.Login.ToUpperInvariant()[..1] + a.Login[1..], groups = a.Groups });
                provider = await OidcProvider.StartAsync(new { clients = new[] { client }, accounts }, folder);
            }

            return provider;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The options a portal signs in with; flags of the command line say the same.</summary>
    public static SsoOptions Options(Uri issuer, string? secret = ClientSecret) => new()
    {
        Authority = issuer,
        ClientId = ClientId,
        ClientSecret = secret,
        DisplayName = ProviderName,
        AdminGroup = AdminGroup,
        TenantGroups = new Dictionary<string, string>(StringComparer.Ordinal) { ["engineering"] = "team-b" },
        ExtraScopes = ["groups"],
    };

    /// <summary>The main portal: built-in accounts and single sign-on, impersonating its users (as RBAC would see them).</summary>
    public async Task<RunningPortal> PortalAsync(PortalFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var idp = await ProviderAsync();
        await gate.WaitAsync();
        try
        {
            main ??= await StartAsync(fixture, new PortalOptions
            {
                Listen = $"127.0.0.1:{MainPort}",
                Impersonate = true,
                Sso = Options(idp.Issuer),
                LoggerFactory = LoggerFactory.Create(b => b.AddProvider(Logs)),
            });
            return main;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Another portal on the same cluster, stopped with the fixture.</summary>
    public async Task<RunningPortal> StartAsync(PortalFixture fixture, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var portal = await fixture.StartPortalAsync(options);
        lock (portals)
        {
            portals.Add(portal);
        }

        return portal;
    }

    /// <summary>What a person does: the provider's button on the sign-in page, then the provider's own login form.</summary>
    public static async Task SignInAsync(IPage page, Uri portal, string login)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await page.GotoAsync("/signin");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {ProviderName}" }).ClickAsync();
        await FillProviderLoginAsync(page, portal, login);
    }

    /// <summary>The provider's login form, and back in the portal past its sign-in page.</summary>
    public static async Task FillProviderLoginAsync(IPage page, Uri portal, string login)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(portal);
        await page.GetByLabel("Username").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(PasswordOf(login));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        var origin = portal.GetLeftPart(UriPartial.Authority);
        await PortalFixture.LeftSignInAsync(page, url => url.StartsWith(origin, StringComparison.Ordinal) && !url.Contains("/signin", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        foreach (var portal in portals)
        {
            await portal.DisposeAsync();
        }

        if (provider is not null)
        {
            await provider.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>A port nothing listens on just now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
