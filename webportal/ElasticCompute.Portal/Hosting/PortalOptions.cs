using ElasticCompute.Portal.SingleSignOn;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Portal.Hosting;

/// <summary>How a portal process runs. Everything it keeps (accounts, cookie keys) lives in the cluster, so replicas share it.</summary>
public sealed record PortalOptions
{
    /// <summary>host:port to serve on; port 0 picks a free one.</summary>
    public string Listen { get; init; } = "127.0.0.1:8080";

    /// <summary>Namespace of the portal's Secrets (accounts and cookie keys): the operator's.</summary>
    public string Namespace { get; init; } = "elasticcompute-system";

    /// <summary>Built-in accounts (stored in a Secret); off, only <see cref="Sso"/> signs people in.</summary>
    public bool BuiltInAccounts { get; init; } = true;

    /// <summary>Single sign-on through an OpenID provider, beside or instead of the built-in accounts; null for none.</summary>
    public SsoOptions? Sso { get; init; }

    /// <summary>
    /// Send the signed-in user's requests with Impersonate-User and Impersonate-Group, so Kubernetes RBAC applies to
    /// them too; the portal's own identity then needs the impersonate verb and little else.
    /// </summary>
    public bool Impersonate { get; init; }

    /// <summary>How long a sign-in lasts without use (sliding).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int LockoutThreshold { get; init; } = 5;

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts allowed per client address per minute (ASP.NET Core's rate limiter).</summary>
    public int SignInAttemptsPerMinute { get; init; } = 20;

    /// <summary>The first admin's password when no account exists; null generates a random one (printed once).</summary>
    public string? InitialAdminPassword { get; init; }

    /// <summary>Serve only HTTPS semantics (Secure cookies, HSTS) because a TLS-terminating proxy is in front.</summary>
    public bool BehindHttpsProxy { get; init; }

    /// <summary>How long a cluster call may take before the page says the cluster did not answer.</summary>
    public TimeSpan ClusterTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a replica keeps the policy it read (a change elsewhere shows within this time).</summary>
    public TimeSpan PolicyRefresh { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often an idle live stream (server-sent events) sends a comment, so proxies keep it open.</summary>
    public TimeSpan LiveKeepAlive { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a live stream lasts before the browser reconnects (and its session is checked again).</summary>
    public TimeSpan LiveStreamLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the console proxy pings the browser (KubeVirt sends no pings, so an idle console behind a proxy would be
    /// dropped); a browser that does not answer within the same time is disconnected.
    /// </summary>
    public TimeSpan ConsolePingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Why these options cannot run a portal, naming the flag; null when they can.</summary>
    public string? Problem() =>
        Sso?.Problem() ?? (!BuiltInAccounts && Sso is null ? "--no-builtin-accounts: needs --oidc-authority, or nobody could sign in" : null);
}
