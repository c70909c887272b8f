using System.CommandLine;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.SingleSignOn;
using k8s;

namespace ElasticCompute.Portal;

/// <summary>The portal on its own: against the current kubeconfig, or the in-cluster config inside a pod.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "kubeconfig to use (default: in-cluster config in a pod, else $KUBECONFIG, else ~/.kube/config)" };
        var listen = new Option<string>("--listen") { Description = "host:port to serve on", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var ns = new Option<string>("--namespace") { Description = "Namespace of the portal's Secrets (accounts, cookie keys)", DefaultValueFactory = _ => "elasticcompute-system" };
        var impersonate = new Option<bool>("--impersonate") { Description = "Send each user's requests with Impersonate-User/Group so Kubernetes RBAC applies to them too" };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least severe log level written to stderr", DefaultValueFactory = _ => LogLevel.Warning };
        var https = new Option<bool>("--behind-https-proxy") { Description = "A TLS-terminating proxy is in front: Secure cookies, HSTS, X-Forwarded-Proto honoured" };
        var sso = new SsoFlags();
        listen.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is var value && !ListenEndpoint.TryParse(value, out _))
            {
                r.AddError($"--listen: '{value}' is not {ListenEndpoint.Rule}");
            }
        });

        var root = new RootCommand("ElasticCompute portal: self-service machines from any browser.") { kubeconfig, listen, ns, impersonate, https, logLevel };
        sso.AddTo(root);
        root.SetAction(async (parse, cancellationToken) =>
        {
            var singleSignOn = sso.Read(parse, out var ssoProblem);
            if ((ssoProblem ?? new PortalOptions { BuiltInAccounts = sso.BuiltInAccounts(parse), Sso = singleSignOn }.Problem()) is { } problem)
            {
                await Console.Error.WriteLineAsync($"portal: {problem}").ConfigureAwait(false);
                return 1;
            }

            KubernetesClientConfiguration cluster;
            try
            {
                cluster = parse.GetValue(kubeconfig) is { } file
                    ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file.FullName)
                    : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig() : KubernetesClientConfiguration.BuildConfigFromConfigFile();
            }
            catch (Exception e) when (e is IOException or k8s.Exceptions.KubeConfigException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"portal: cannot read the kubeconfig: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            // Logs go to stderr, one line each: stdout is the ready line that scripts and tests read.
            using var logging = LoggerFactory.Create(b => b
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
                .AddFilter(level => level >= parse.GetValue(logLevel)));
            var options = new PortalOptions
            {
                LoggerFactory = logging,
                Listen = parse.GetValue(listen)!,
                Namespace = parse.GetValue(ns)!,
                Impersonate = parse.GetValue(impersonate),
                BehindHttpsProxy = parse.GetValue(https),
                BuiltInAccounts = sso.BuiltInAccounts(parse),
                Sso = singleSignOn,
            };

            RunningPortal portal;
            try
            {
                portal = await PortalApp.StartAsync(options, cluster, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"portal: cannot listen on {options.Listen}: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Exception e) when (Cluster.ClusterProblem.IsUnavailable(e) || e is k8s.Autorest.HttpOperationException)
            {
                await Console.Error.WriteLineAsync($"portal: the cluster at {cluster.Host} did not answer: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            await using (portal.ConfigureAwait(false))
            {
                Console.WriteLine($"portal ready: {portal.Url}" + (portal.InitialAdminPassword is { } password
                    ? $" (first start: sign in as admin with password {password}; it is shown only this once)"
                    : string.Empty));
                await portal.App.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
