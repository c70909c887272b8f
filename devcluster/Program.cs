using System.CommandLine;
using System.Runtime.InteropServices;
using ElasticCompute.DevCluster;
using ElasticCompute.DevCluster.Server.Faults;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Schema;
using ElasticCompute.DevCluster.Server.Simulation;
using ElasticCompute.Operator.Hosting;
using ElasticCompute.Operator.Serialization;
using Microsoft.Extensions.Logging;

// The in-process operator serializes as the shipped (Native AOT) executable does: source-generated metadata first.
OperatorJson.UseSourceGeneratedMetadata();

var listen = new Option<string>("--listen") { Description = "host:port to serve the API on (port 0 picks a free port)", DefaultValueFactory = _ => "127.0.0.1:6443" };
var kubeconfig = new Option<FileInfo>("--kubeconfig") { Description = "Where to write the kubeconfig for kubectl and clients", DefaultValueFactory = _ => new FileInfo(Path.Combine(RepositoryLayout.Root ?? ".", ".devcluster", "kubeconfig")) };
var nodes = new Option<int>("--nodes") { Description = "Simulated physical nodes", DefaultValueFactory = _ => 3 };
var nodeCpu = new Option<int>("--node-cpu") { Description = "vCPUs of each node", DefaultValueFactory = _ => 16 };
var nodeMemory = new Option<string>("--node-memory") { Description = "Memory of each node (a quantity)", DefaultValueFactory = _ => "64Gi" };
var storageCapacity = new Option<string>("--storage-capacity") { Description = "Capacity of the default storage class's pool (a quantity)", DefaultValueFactory = _ => "2Ti" };
var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Persist state in this folder (SQLite); without it state lives in memory" };
var crds = new Option<DirectoryInfo[]>("--crds") { Description = "Folders of CustomResourceDefinition YAML to apply at start (default: the repository's crds/)", AllowMultipleArgumentsPerToken = true };
var kubevirtSchemas = new Option<DirectoryInfo?>("--kubevirt-schemas") { Description = "KubeVirt's CRD schemas to validate VMs with (default: ../shared/kubevirt/crd-schemas beside the checkout, when present; otherwise open schemas)" };
var faults = new Option<bool>("--enable-faults") { Description = "Serve the fault-injection admin API under /admin/faults (for tests; off by default)" };
var noOperator = new Option<bool>("--no-operator") { Description = "Do not run the ElasticCompute operator in-process (run only the control plane)" };
var logLevel = new Option<LogLevel>("--log-level") { Description = "Least severe operator log level written to stderr", DefaultValueFactory = _ => LogLevel.Warning };
var portalListen = new Option<string>("--portal-listen") { Description = "host:port of the web portal (port 0 picks a free port)", DefaultValueFactory = _ => "127.0.0.1:8080" };
var noPortal = new Option<bool>("--no-portal") { Description = "Do not run the web portal in-process" };
var vmRuntime = new Option<string>("--vm-runtime") { Description = "What runs the VMs: simulated (bookkeeping only), qemu (real guests you can SSH into), or auto (qemu when it is installed and its guest image is built)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ELASTICCOMPUTE_VM_RUNTIME") ?? "auto" };
vmRuntime.AcceptOnlyFromAmong("simulated", "qemu", "auto");
var guestImage = new Option<DirectoryInfo?>("--guest-image") { Description = "Folder of the built guest image (default: .devcluster/guest in the checkout, built by bash devcluster/guest/build.sh)" };
var noWebhooks = new Option<bool>("--no-webhooks") { Description = "Run the operator without its admission webhooks (nothing defaulted or refused before it is stored)" };

// Bad options are refused before anything starts, naming the option and its rule (System.CommandLine prints them, exit 1).
listen.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string>() is var value && !ListenAddress.TryParse(value, out _))
    {
        result.AddError($"--listen: '{value}' is not {ListenAddress.Rule}");
    }
});
portalListen.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string>() is var value && !ElasticCompute.Portal.Hosting.ListenEndpoint.TryParse(value, out _))
    {
        result.AddError($"--portal-listen: '{value}' is not {ElasticCompute.Portal.Hosting.ListenEndpoint.Rule}");
    }
});
foreach (var (option, example) in new[] { (nodeMemory, "64Gi"), (storageCapacity, "2Ti") })
{
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<string>() is var value && !(Quantity.TryParse(value, out var quantity) && quantity.Value > 0))
        {
            result.AddError($"{option.Name}: '{value}' is not a positive Kubernetes quantity, for example {example}");
        }
    });
}

foreach (var (option, least) in new[] { (nodes, 0), (nodeCpu, 1) })
{
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() is var value && value < least)
        {
            result.AddError($"{option.Name}: must be at least {least}, not {value}");
        }
    });
}

var root = new RootCommand("devcluster: an embedded Kubernetes-compatible control plane with simulated nodes, KubeVirt and CDI, for ElasticCompute on one machine.")
{
    listen, kubeconfig, nodes, nodeCpu, nodeMemory, storageCapacity, dataDir, crds, kubevirtSchemas, faults, noOperator, noWebhooks, portalListen, noPortal, logLevel, vmRuntime, guestImage,
};
root.SetAction(async (parse, cancellationToken) =>
{
    // Signals first: a SIGTERM that arrives while starting must still stop us cleanly.
    var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
    await using var cancelled = cancellationToken.Register(() => stop.TrySetResult());

    var crdFolders = parse.GetValue(crds) is { Length: > 0 } given
        ? given.Select(d => d.FullName).ToArray()
        : RepositoryLayout.Crds is { } found ? [found] : [];
    var schemas = parse.GetValue(kubevirtSchemas)?.FullName ?? RepositoryLayout.SharedKubeVirtSchemas;
    var qemu = await GuestRuntime.ChooseAsync(parse.GetValue(vmRuntime)!, parse.GetValue(guestImage)?.FullName, parse.GetValue(dataDir)?.FullName, cancellationToken);
    if (qemu.Refusal is { } refusal)
    {
        await Console.Error.WriteLineAsync($"devcluster: {refusal}");
        return 1;
    }

    var defaults = new SimulationOptions();
    var simulation = new SimulationOptions
    {
        Nodes = parse.GetValue(nodes),
        NodeCpu = parse.GetValue(nodeCpu),
        NodeMemory = parse.GetValue(nodeMemory)!,
        StorageClasses = [new SimulatedStorageClass("standard", parse.GetValue(storageCapacity)!, IsDefault: true)],
        KubeVirtSchemaDirectory = schemas,
        Qemu = qemu.Settings,
        // Real guests do the real work (qemu-img makes the disk at once, QEMU boots): no pretend delays on top.
        VmiPhaseDelay = qemu.Settings is null ? defaults.VmiPhaseDelay : TimeSpan.FromMilliseconds(50),
        ImportStepDelay = qemu.Settings is null ? defaults.ImportStepDelay : TimeSpan.FromMilliseconds(50),
        ImportSteps = qemu.Settings is null ? defaults.ImportSteps : 1,
        DataSources = qemu.ImageName is { } local ? [local, .. defaults.DataSources] : defaults.DataSources,
    };

    DevClusterServer started;
    try
    {
        started = await DevClusterServer.StartAsync(new DevClusterOptions
        {
            Listen = parse.GetValue(listen)!,
            CrdDirectories = crdFolders,
            DataDirectory = parse.GetValue(dataDir)?.FullName,
            Http = new ApiHandlerOptions { Faults = parse.GetValue(faults) ? new FaultInjector() : null },
            Modules = SimulatedWorld.Modules(simulation),
        }, cancellationToken);
    }
    catch (Exception e) when (StartFailures.Explain(e, parse.GetValue(listen)!, parse.GetValue(dataDir)?.FullName) is { } reason)
    {
        // What the user can fix gets one line, not a stack trace.
        await Console.Error.WriteLineAsync($"devcluster: {reason}");
        return 1;
    }

    await using var server = started;
    if (qemu.Line.Length > 0)
    {
        await Console.Error.WriteLineAsync($"devcluster: {qemu.Line}");
    }

    var config = server.WriteKubeconfig(parse.GetValue(kubeconfig)!.FullName);
    // The product on one machine: the operator beside the API, one replica, no leader election.
    using var operatorStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    // Logs go to stderr: stdout is the ready line (and "devcluster stopping") that scripts and tests read.
    using var logging = LoggerFactory.Create(b => b
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .AddFilter(level => level >= parse.GetValue(logLevel)));
    using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(config));
    // The webhooks on loopback with the operator's own CA, registered with a url clientConfig; ready is printed once
    // they are registered, so nothing the user applies slips past them.
    var webhooksReady = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
    var webhooks = parse.GetValue(noWebhooks) || parse.GetValue(noOperator)
        ? null
        : new WebhookOptions { Address = System.Net.IPAddress.Loopback, Port = 0, Loopback = true, Ready = port => webhooksReady.TrySetResult(port) };
    // What the chart puts in place on a cluster, also for an operator run beside devcluster (--no-operator): its
    // namespace (the Lease, the webhook certificate's Secret), and no registrations left by an earlier run.
    await ProductPrerequisites.RemoveStaleWebhooksAsync(client, cancellationToken);
    await ProductPrerequisites.EnsureNamespaceAsync(client, webhooks?.Namespace ?? new WebhookOptions().Namespace, cancellationToken);

    var operatorTask = parse.GetValue(noOperator)
        ? Task.CompletedTask
        : Task.Run(() => OperatorHost.RunAsync(client, new OperatorOptions { LeaderElection = false, HttpPort = null, Webhooks = webhooks, LoggerFactory = logging }, operatorStop.Token), CancellationToken.None);
    if (webhooks is not null)
    {
        await Task.WhenAny(webhooksReady.Task, operatorTask, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken));
        if (operatorTask.IsCompleted)
        {
            await operatorTask; // surfaces why it stopped
        }

        if (!webhooksReady.Task.IsCompleted)
        {
            // Never hang the ready line on them: say so (--log-level Information shows which step they are at).
            await Console.Error.WriteLineAsync("devcluster: the admission webhooks are not registered yet (20 s); machines are admitted without them until they are");
        }
    }

    await ProductPrerequisites.EnsureDefaultPolicyAsync(client, qemu.ImageName, cancellationToken);
    if (!parse.GetValue(noPortal))
    {
        await ProductPrerequisites.EnsureStarterTenantAsync(client, cancellationToken);
    }

    // The portal beside them, as its own executable would run against this cluster's kubeconfig.
    ElasticCompute.Portal.Hosting.RunningPortal? portal = null;
    if (!parse.GetValue(noPortal))
    {
        try
        {
            portal = await ElasticCompute.Portal.Hosting.PortalApp.StartAsync(
                new ElasticCompute.Portal.Hosting.PortalOptions { Listen = parse.GetValue(portalListen)!, LoggerFactory = logging },
                k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(config),
                cancellationToken);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"devcluster: the portal cannot listen on {parse.GetValue(portalListen)}: {e.Message} (choose another with --portal-listen, or --no-portal)");
            await operatorStop.CancelAsync();
            return 1;
        }
    }

    await using var portalScope = portal;
    var portalLine = portal is null
        ? string.Empty
        : $"; portal {portal.Url}" + (portal.InitialAdminPassword is { } password
            ? $" (sign in as admin with password {password}; shown only now)"
            : " (sign in with your portal account)");
    Console.WriteLine(
        $"devcluster ready: API {server.Url.GetLeftPart(UriPartial.Authority)} kubeconfig {config} " +
        $"({simulation.Nodes} nodes x {simulation.NodeCpu} vCPU/{simulation.NodeMemory}, storage {simulation.StorageClasses[0].Capacity}, " +
        $"state {(parse.GetValue(dataDir) is { } d ? "in " + d.FullName : "in memory")}, KubeVirt schemas {(schemas is null ? "open" : "real")}, VMs {qemu.Name}; export KUBECONFIG={config}){portalLine}");

    await stop.Task;
    Console.WriteLine("devcluster stopping");
    await operatorStop.CancelAsync();
    try
    {
        await operatorTask;
    }
    catch (OperationCanceledException)
    {
    }

    return 0;
});
return await root.Parse(args).InvokeAsync();
