using System.Runtime.InteropServices;
using System.CommandLine;
using ElasticCompute.Operator.Hosting;
using ElasticCompute.Operator.Serialization;
using System.Net;
using ElasticCompute.Runtime.Hosting;
using ElasticCompute.Runtime.Memory;
using k8s.Exceptions;
using k8s;
using Microsoft.Extensions.Logging;

OperatorJson.UseSourceGeneratedMetadata();

var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "kubeconfig to use (default: in-cluster config, else $KUBECONFIG or ~/.kube/config)" };
var leaderElect = new Option<bool>("--leader-elect") { Description = "Hold a Lease so that only one replica works at a time", DefaultValueFactory = _ => true };
var leaseNamespace = new Option<string>("--lease-namespace") { Description = "Namespace of the leader-election Lease", DefaultValueFactory = _ => "elasticcompute-system" };
var port = new Option<int>("--health-port") { Description = "Port of /healthz, /readyz and /metrics", DefaultValueFactory = _ => 8080 };
var workers = new Option<int>("--workers") { Description = "Machines reconciled at once", DefaultValueFactory = _ => 16 };
var noWebhooks = new Option<bool>("--no-webhooks") { Description = "Do not serve the admission webhooks" };
var webhookPort = new Option<int>("--webhook-port") { Description = "HTTPS port of the admission webhooks", DefaultValueFactory = _ => 9443 };
var webhookNamespace = new Option<string>("--namespace") { Description = "The operator's namespace: its webhook certificate Secret and Service are there", DefaultValueFactory = _ => "elasticcompute-system" };
var webhookService = new Option<string>("--webhook-service") { Description = "The Service the API server calls the webhooks through", DefaultValueFactory = _ => "elasticcompute-webhook" };
var webhookCertDir = new Option<DirectoryInfo?>("--webhook-cert-dir") { Description = "A mounted cert-manager Secret (tls.crt, tls.key, ca.crt); without it the operator makes and rotates its own CA and certificate" };
var registerWebhooks = new Option<bool>("--register-webhooks") { Description = "Create or update the webhook configurations (turn off when the chart installs them for cert-manager's CA injector)", DefaultValueFactory = _ => true };
var webhookLoopback = new Option<bool>("--webhook-loopback") { Description = "Serve the webhooks on 127.0.0.1 and register them by url there instead of through the Service (the operator beside the API server, outside the cluster: devcluster, local development)" };
var trimIdleMemory = new Option<bool>("--trim-idle-memory") { Description = "Give the GC's free memory back to the system once the operator goes quiet after a burst (a relist, many machines at once)", DefaultValueFactory = _ => true };
var logLevel = new Option<LogLevel>("--log-level") { Description = "Least severe log level written", DefaultValueFactory = _ => LogLevel.Information };
// Bad options are refused before anything starts, naming the option and its rule (System.CommandLine prints them, exit 1).
foreach (var (option, least, most) in new[] { (port, 0, IPEndPoint.MaxPort), (webhookPort, 0, IPEndPoint.MaxPort), (workers, 1, int.MaxValue) })
{
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() is var value && (value < least || value > most))
        {
            result.AddError(most == int.MaxValue ? $"{option.Name}: must be at least {least}, not {value}" : $"{option.Name}: must be {least}-{most}, not {value}");
        }
    });
}

var root = new RootCommand("The ElasticCompute operator: ElasticMachines become KubeVirt virtual machines with their disks.")
{
    kubeconfig, leaderElect, leaseNamespace, port, workers, noWebhooks, webhookPort, webhookNamespace, webhookService, webhookCertDir, registerWebhooks, webhookLoopback, trimIdleMemory, logLevel,
};
root.SetAction(async (parse, cancellationToken) =>
{
    // SIGTERM (the kubelet stopping the pod) and SIGINT stop the operator gracefully: workers finish, the lease is let go.
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

    KubernetesClientConfiguration config;
    try
    {
        config = Kubeconfig.Resolve(parse.GetValue(kubeconfig));
    }
    catch (Exception e) when (e is IOException or InvalidDataException or KubeConfigException or UnauthorizedAccessException)
    {
        // What the user can fix gets one line, not a stack trace.
        await Console.Error.WriteLineAsync($"elasticcompute-operator: {e.Message} (pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account)");
        return 1;
    }

    using var client = new Kubernetes(config);
    using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(parse.GetValue(logLevel)));
    Console.WriteLine($"elasticcompute-operator starting against {config.Host}");
    var trimming = parse.GetValue(trimIdleMemory)
        ? new IdleMemoryTrimmer(new IdleMemoryTrimmerOptions(), logger: logging.CreateLogger("ElasticCompute.Memory")).RunAsync(stop.Token)
        : Task.CompletedTask;
    try
    {
        await OperatorHost.RunAsync(client, new OperatorOptions
        {
            LeaderElection = parse.GetValue(leaderElect),
            LeaseNamespace = parse.GetValue(leaseNamespace)!,
            HttpPort = parse.GetValue(port),
            Workers = parse.GetValue(workers),
            LoggerFactory = logging,
            Webhooks = parse.GetValue(noWebhooks) ? null : new WebhookOptions
            {
                Port = parse.GetValue(webhookPort),
                Namespace = parse.GetValue(webhookNamespace)!,
                ServiceName = parse.GetValue(webhookService)!,
                CertificateDirectory = parse.GetValue(webhookCertDir)?.FullName,
                Register = parse.GetValue(registerWebhooks),
                Loopback = parse.GetValue(webhookLoopback),
                Address = parse.GetValue(webhookLoopback) ? System.Net.IPAddress.Loopback : System.Net.IPAddress.Any,
            },
        }, stop.Token);
    }
    catch (ListenException e)
    {
        await Console.Error.WriteLineAsync($"elasticcompute-operator: {e.Message}");
        await stop.CancelAsync();
        await trimming;
        return 1;
    }

    await stop.CancelAsync();
    await trimming;
    Console.WriteLine("elasticcompute-operator stopped");
    return 0;
});
return await root.Parse(args).InvokeAsync();
