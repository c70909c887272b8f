using System.Threading.RateLimiting;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Live;
using ElasticCompute.Portal.Consoles;
using ElasticCompute.Portal.Machines;
using ElasticCompute.Portal.SingleSignOn;
using ElasticCompute.Portal.Tenancy;
using k8s;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace ElasticCompute.Portal.Hosting;

/// <summary>
/// Builds the portal: the web application its executable runs, and devcluster runs in-process. Stateless: accounts and
/// cookie keys are Secrets in the cluster, so any number of replicas serve the same users.
/// </summary>
public static class PortalApp
{
    public const string AdminPolicy = "admin";
    public const string SignInLimiter = "sign-in";

    public static WebApplication Build(PortalOptions options, KubernetesClientConfiguration cluster)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        if (!ListenEndpoint.TryParse(options.Listen, out var endpoint))
        {
            throw new ArgumentException($"--listen: '{options.Listen}' is not {ListenEndpoint.Rule}", nameof(options));
        }

        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var assembly = typeof(PortalApp).Assembly;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        if (options.LoggerFactory is { } loggers)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        }

        // A start that cannot listen is reported once by the caller (ListenException-style), not as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddHttpContextAccessor();

        // A slow API server gets a clear message (after 15 s by default), not a page that hangs for the client's default 100 s.
        cluster.HttpClientTimeout = options.ClusterTimeout;
        services.AddSingleton(sp =>
        {
            var portal = new StreamingKubernetes(cluster);
            var user = options.Impersonate ? new StreamingKubernetes(cluster, new ImpersonationHandler(sp.GetRequiredService<IHttpContextAccessor>())) : portal;
            return new ClusterClients(portal, user);
        });
        services.AddSingleton<IAccountStore>(sp => new SecretAccountStore(sp.GetRequiredService<ClusterClients>().Portal, options.Namespace, options.Time));
        services.AddSingleton<IPasswordHasher<PortalAccount>, PasswordHasher<PortalAccount>>();
        services.AddSingleton(new AccountPolicy(options.LockoutThreshold, options.LockoutDuration));
        services.AddSingleton<AccountService>();
        services.AddSingleton<PolicyReader>();
        services.AddSingleton<MachineCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<MachineCatalog>());
        services.AddSingleton<MachineStore>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantAccess>();
        services.AddSingleton<CreatePlanner>();
        services.AddSingleton<ConsoleDialer>();
        services.AddSingleton<ConsoleViewers>();
        services.AddSingleton<ConsoleReader>();

        services.AddDataProtection().SetApplicationName("elasticcompute-portal");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<KeyManagementOptions>>(sp =>
            new Microsoft.Extensions.Options.ConfigureOptions<KeyManagementOptions>(o =>
            {
                o.XmlRepository = new SecretXmlRepository(sp.GetRequiredService<ClusterClients>().Portal, options.Namespace);
                // The keys' protection is the Secret's (RBAC, and the cluster's encryption at rest), as for any credential there.
                o.XmlEncryptor = new Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlEncryptor();
            }));

        var secure = options.BehindHttpsProxy ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme);
        if (options.Sso is not null)
        {
            authentication.AddPortalSso(options, secure);
        }

        authentication.AddCookie(o =>
        {
            o.Cookie.Name = "ec.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/denied";
            o.ExpireTimeSpan = options.SessionLifetime;
            o.SlidingExpiration = true;
            o.TimeProvider = options.Time;
            o.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(PortalClaims.AdminRole));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ec.antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only sign-in posts are limited, by client address: guessing passwords is slow even across accounts.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/signin", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.SignInAttemptsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
            o.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute and try again.", token).ConfigureAwait(false);
            };
        });
        // Only the static css and script are compressed: pages carry antiforgery tokens, which compression over HTTPS would expose (BREACH).
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Status");
            o.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
            o.Conventions.ConfigureFilter(new ClusterFailureFilter());
        }).AddApplicationPart(assembly);

        var app = builder.Build();
        var assets = new ManifestEmbeddedFileProvider(assembly, "Static");
        app.Environment.WebRootFileProvider = assets;
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseSecurityHeaders(options.BehindHttpsProxy);
        if (options.BehindHttpsProxy)
        {
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        }

        app.UseResponseCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = assets,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = c.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.UseWebSockets();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", () => "ok").AllowAnonymous();
        app.MapRazorPages();
        app.MapLiveStatus();
        ConsoleSocketEndpoint.Map(app);
        return app;
    }

    /// <summary>Starts a portal and makes the first admin when there is no account; the result says where it listens and that password, once.</summary>
    public static async Task<RunningPortal> StartAsync(PortalOptions options, KubernetesClientConfiguration cluster, CancellationToken cancellationToken)
    {
        var app = Build(options, cluster);
        string? password = null;
        if (options.BuiltInAccounts)
        {
            password = await app.Services.GetRequiredService<AccountService>().EnsureInitialAdminAsync(options.InitialAdminPassword, cancellationToken).ConfigureAwait(false);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        return new RunningPortal(app, new Uri(address.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal)), password);
    }
}
