using System.Runtime.InteropServices;
using System.CommandLine;
using ElasticCompute.Operator.Hosting;
using k8s;

var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "kubeconfig to use (default: in-cluster config, else $KUBECONFIG or ~/.kube/config)" };
var leaderElect = new Option<bool>("--leader-elect") { Description = "Hold a Lease so that only one replica works at a time", DefaultValueFactory = _ => true };
var leaseNamespace = new Option<string>("--lease-namespace") { Description = "Namespace of the leader-election Lease", DefaultValueFactory = _ => "elasticcompute-system" };
var port = new Option<int>("--health-port") { Description = "Port of /healthz, /readyz and /metrics", DefaultValueFactory = _ => 8080 };
var workers = new Option<int>("--workers") { Description = "Machines reconciled at once", DefaultValueFactory = _ => 16 };
var root = new RootCommand("The ElasticCompute operator: ElasticMachines become KubeVirt virtual machines with their disks.")
{
    kubeconfig, leaderElect, leaseNamespace, port, workers,
};
root.SetAction(async (parse, cancellationToken) =>
{
    // SIGTERM (the kubelet stopping the pod) and SIGINT stop the operator gracefully: workers finish, the lease is let go.
    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

    var config = parse.GetValue(kubeconfig) is { } file
        ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file)
        : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig() : KubernetesClientConfiguration.BuildDefaultConfig();
    using var client = new Kubernetes(config);
    Console.WriteLine($"elasticcompute-operator starting against {config.Host}");
    await OperatorHost.RunAsync(client, new OperatorOptions
    {
        LeaderElection = parse.GetValue(leaderElect),
        LeaseNamespace = parse.GetValue(leaseNamespace)!,
        HttpPort = parse.GetValue(port),
        Workers = parse.GetValue(workers),
    }, stop.Token);
    Console.WriteLine("elasticcompute-operator stopped");
    return 0;
});
return await root.Parse(args).InvokeAsync();
