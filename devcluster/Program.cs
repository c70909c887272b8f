using System.CommandLine;
using System.Runtime.InteropServices;
using ElasticCompute.DevCluster;
using ElasticCompute.DevCluster.Server.Hosting;

var listen = new Option<string>("--listen") { Description = "host:port to serve the API on (port 0 picks a free port)", DefaultValueFactory = _ => "127.0.0.1:6443" };
var kubeconfig = new Option<FileInfo>("--kubeconfig") { Description = "Where to write the kubeconfig for kubectl and clients", DefaultValueFactory = _ => new FileInfo(Path.Combine(RepositoryLayout.Root ?? ".", ".devcluster", "kubeconfig")) };
var crds = new Option<DirectoryInfo[]>("--crds") { Description = "Folders of CustomResourceDefinition YAML to apply at start (default: the repository's crds/)", AllowMultipleArgumentsPerToken = true };

var root = new RootCommand("devcluster: an embedded Kubernetes-compatible control plane for ElasticCompute, on one machine.") { listen, kubeconfig, crds };
root.SetAction(async (parse, cancellationToken) =>
{
    var crdFolders = parse.GetValue(crds) is { Length: > 0 } given
        ? given.Select(d => d.FullName).ToArray()
        : RepositoryLayout.Crds is { } found ? [found] : [];

    await using var server = await DevClusterServer.StartAsync(new DevClusterOptions
    {
        Listen = parse.GetValue(listen)!,
        CrdDirectories = crdFolders,
    }, cancellationToken);
    var config = server.WriteKubeconfig(parse.GetValue(kubeconfig)!.FullName);
    Console.WriteLine($"devcluster ready: API {server.Url.GetLeftPart(UriPartial.Authority)}  kubeconfig {config}  (export KUBECONFIG={config})");

    var stop = new TaskCompletionSource();
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
    await using var cancelled = cancellationToken.Register(() => stop.TrySetResult());
    await stop.Task;
    Console.WriteLine("devcluster stopping");
    return 0;
});
return await root.Parse(args).InvokeAsync();
