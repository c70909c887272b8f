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
    }, cancellationToken);
    return 0;
});
return await root.Parse(args).InvokeAsync();
