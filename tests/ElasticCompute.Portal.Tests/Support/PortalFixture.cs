using ElasticCompute.DevCluster.Server.Faults;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Simulation;
using ElasticCompute.Api.Policy;
using ElasticCompute.Operator.Hosting;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tenancy;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ElasticCompute.Portal.Tests.Support;

/// <summary>
/// The whole product as a person meets it: devcluster with the operator and its webhooks, the portal in front, and
/// Debian's chromium driven by Playwright. Two tenants (team-a, team-b) with a member each, and the first admin.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime, IDisposable
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string AlicePassword = "alice-password-for-tests";
    public const string BobPassword = "bob-password-for-tests";

    private readonly CancellationTokenSource stop = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n"));
    private Task operatorTask = Task.CompletedTask;
    private IPlaywright? playwright;

    public DevClusterServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public string Kubeconfig { get; private set; } = null!;

    public RunningPortal Portal { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    /// <summary>devcluster's fault injection: refuse or delay the API's answers to see what the portal says.</summary>
    public FaultInjector Faults { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public Uri Url => Portal.Url;

    public async Task InitializeAsync()
    {
        Browsers.RequireChromium();
        Server = await DevClusterServer.StartAsync(new DevClusterOptions
        {
            Listen = "127.0.0.1:0",
            CrdDirectories = [RepositoryPaths.Crds],
            Http = new ApiHandlerOptions { Faults = Faults },
            Modules = SimulatedWorld.Modules(new SimulationOptions
            {
                Nodes = 2,
                NodeCpu = 16,
                NodeMemory = "64Gi",
                // Room for every test's disks (a 32-vCPU machine alone is recommended 2.5 TiB).
                StorageClasses = [new SimulatedStorageClass("standard", "100Ti", IsDefault: true)],
                VmiPhaseDelay = TimeSpan.FromMilliseconds(100),
                ImportStepDelay = TimeSpan.FromMilliseconds(100),
                ExpansionDelay = TimeSpan.FromMilliseconds(200),
            }),
        });
        Directory.CreateDirectory(folder);
        Kubeconfig = Server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        var webhooks = new WebhookOptions { Address = System.Net.IPAddress.Loopback, Port = 0, Loopback = true };
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = webhooks.Namespace } });
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        operatorTask = Task.Run(() => OperatorHost.RunAsync(
            Client,
            new OperatorOptions { LeaderElection = false, HttpPort = null, Webhooks = webhooks with { Ready = port => ready.TrySetResult(port) } },
            stop.Token));
        if (await Task.WhenAny(ready.Task, operatorTask).WaitAsync(TimeSpan.FromSeconds(60)) == operatorTask)
        {
            await operatorTask;
        }

        // As devcluster and the chart do: a default policy for the operator to write pool capacity to.
        await Client.CustomObjects.CreateClusterCustomObjectAsync(
            new ElasticComputePolicy { Metadata = new V1ObjectMeta { Name = ElasticComputePolicy.DefaultName } },
            ElasticComputePolicy.KubeGroup, ElasticComputePolicy.KubeApiVersion, ElasticComputePolicy.KubePluralName);
        // Every test signs in from 127.0.0.1, about 20 times a minute in all: the limit per address (tested on a portal of
        // its own in SignInTests) would answer some of them 429 by chance.
        Portal = await StartPortalAsync(new PortalOptions
        {
            Listen = "127.0.0.1:0",
            InitialAdminPassword = AdminPassword,
            SignInAttemptsPerMinute = 1000,
            LoggerFactory = LoggerFactory.Create(b => b.AddProvider(Logs)),
        });
        var tenants = Portal.Services.GetRequiredService<TenantDirectory>();
        await tenants.CreateAsync("team-a", null, CancellationToken.None);
        await tenants.CreateAsync("team-b", null, CancellationToken.None);
        var accounts = Portal.Services.GetRequiredService<AccountService>();
        Assert.Null(await accounts.CreateAsync("alice", AlicePassword, AccountRole.Member, ["team-a"], CancellationToken.None));
        Assert.Null(await accounts.CreateAsync("bob", BobPassword, AccountRole.Member, ["team-b"], CancellationToken.None));

        playwright = await Playwright.CreateAsync();
        Browser = await Browsers.LaunchAsync(playwright);
    }

    /// <summary>Another portal process on the same cluster (a second replica, or one with other options).</summary>
    public Task<RunningPortal> StartPortalAsync(PortalOptions options) =>
        PortalApp.StartAsync(options, KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig), CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        await stop.CancelAsync();
        try
        {
            await operatorTask;
        }
        catch (OperationCanceledException)
        {
        }

        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose() => stop.Dispose();

    /// <summary>A fresh browser context (its own cookies) at a viewport, with or without script.</summary>
    public Task<IPage> NewPageAsync(int width = 1280, int height = 800, bool javaScript = true) => NewPageAsync(Url, width, height, javaScript);

    /// <summary>The same on another portal of this cluster.</summary>
    public async Task<IPage> NewPageAsync(Uri portal, int width = 1280, int height = 800, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
            BaseURL = portal.ToString(),
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in form as a person does, and waits for the page it leads to.</summary>
    public static async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Account name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await LeftSignInAsync(page, url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    /// <summary>
    /// Waits for the page past sign-in and its heading. Not for its "load" state: after a quick redirect chain
    /// Playwright has been seen waiting for the load of a superseded document until its 30 s timeout.
    /// </summary>
    public static async Task LeftSignInAsync(IPage page, Func<string, bool> arrived)
    {
        ArgumentNullException.ThrowIfNull(page);
        try
        {
            await page.WaitForURLAsync(arrived, new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            // Say what the page said instead (a refusal, a 429, a cluster problem), not only that it did not move.
            var text = await page.EvaluateAsync<string>("() => document.body ? document.body.innerText : ''");
            Assert.Fail($"sign-in did not leave {page.Url}; the page says: {(text.Length > 600 ? text[..600] : text)}");
        }

        await Microsoft.Playwright.Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
    }

    /// <summary>A tenant of its own with a member of its own, for a test that must start from an empty tenant.</summary>
    public async Task<(string Tenant, string Member, string Password)> MemberAsync(string prefix)
    {
        var tenant = await TenantAsync(prefix);
        var member = $"{prefix}-{Guid.NewGuid().ToString("n")[..6]}";
        var password = $"{member}-password";
        Assert.Null(await Portal.Services.GetRequiredService<AccountService>().CreateAsync(member, password, AccountRole.Member, [tenant], CancellationToken.None));
        return (tenant, member, password);
    }

    /// <summary>A tenant of its own for a test.</summary>
    public async Task<string> TenantAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("n")[..6]}";
        await Portal.Services.GetRequiredService<TenantDirectory>().CreateAsync(name, null, CancellationToken.None);
        return name;
    }
}
