using System.CommandLine;
using ElasticCompute.Bench;

var objects = new Option<int>("--objects") { Description = "Objects to create", DefaultValueFactory = _ => 30_000 };
var clients = new Option<int>("--clients") { Description = "Concurrent clients", DefaultValueFactory = _ => 8 };
var devcluster = new Command("devcluster", "creates/s and create-to-watch-event latency with concurrent clients, then the server's RSS with all objects stored") { objects, clients };
devcluster.SetAction(async (parse, cancellationToken) =>
{
    var report = await DevClusterBenchmark.RunAsync(parse.GetValue(objects), parse.GetValue(clients), cancellationToken);
    Console.WriteLine(report);
    return 0;
});

var machines = new Option<int>("--machines") { Description = "Machines created at once for the time and write counts (0 skips)", DefaultValueFactory = _ => 1000 };
var cached = new Option<int>("--cached") { Description = "Machines in the operator's caches for the memory measurement (0 skips)", DefaultValueFactory = _ => 10_000 };
var rounds = new Option<int>("--rounds") { Description = "Measured rounds per side for the time to Ready, after one warm-up round (alternating baseline and operator; the best of each counts)", DefaultValueFactory = _ => 2 };
var creators = new Option<int>("--creators") { Description = "Concurrent creators", DefaultValueFactory = _ => 16 };
var cachedTimeout = new Option<int>("--cached-timeout") { Description = "Minutes to wait for the cached machines to become Ready", DefaultValueFactory = _ => 20 };
var operatorEnv = new Option<string[]>("--operator-env") { Description = "NAME=VALUE set in the operator process's environment for the memory measurement (for example DOTNET_GCHeapHardLimit, as a container memory limit would); repeatable", AllowMultipleArgumentsPerToken = false };
var operatorExe = new Option<FileInfo?>("--operator-exe") { Description = "Operator executable to measure (memory; webhook handler latency), for example the Native AOT build (default: the Release build's ElasticCompute.Operator.dll run by dotnet)" };
var operatorCommand = new Command("operator", "the operator: time to Ready vs writing VMs directly, API writes per machine, memory with many machines cached")
{
    machines, rounds, cached, creators, cachedTimeout, operatorEnv, operatorExe,
};
operatorCommand.SetAction(async (parse, cancellationToken) =>
{
    // Memory first, while this process has run nothing else.
    IReadOnlyList<string> memory = parse.GetValue(cached) is > 0 and var n
        ? await OperatorMemoryBenchmark.RunAsync(n, parse.GetValue(creators), TimeSpan.FromMinutes(parse.GetValue(cachedTimeout)), parse.GetValue(operatorEnv) ?? [], parse.GetValue(operatorExe), cancellationToken)
        : [];
    IReadOnlyList<string> throughput = parse.GetValue(machines) is > 0 and var m
        ? await OperatorThroughputBenchmark.RunAsync(m, parse.GetValue(creators), Math.Max(1, parse.GetValue(rounds)), cancellationToken)
        : [];
    Console.WriteLine();
    Console.WriteLine("operator benchmark");
    Console.WriteLine(OperatorThroughputBenchmark.Row("measure", "measured", "target"));
    foreach (var line in throughput.Concat(memory))
    {
        Console.WriteLine(line);
    }

    return 0;
});

var reviews = new Option<int>("--reviews") { Description = "Admission reviews posted to the webhook server for its latency", DefaultValueFactory = _ => 20_000 };
var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients posting reviews", DefaultValueFactory = _ => 50 };
var creates = new Option<int>("--creates") { Description = "Machines created per round through devcluster, webhooks on vs off (0 skips)", DefaultValueFactory = _ => 2000 };
var webhooksCommand = new Command("webhooks", "the admission webhooks: handler latency under concurrent reviews; creates through devcluster with the webhooks on vs off")
{
    reviews, concurrency, creates, creators, operatorExe,
};
webhooksCommand.SetAction(async (parse, cancellationToken) =>
{
    var rows = await WebhookBenchmark.RunAsync(parse.GetValue(reviews), parse.GetValue(concurrency), parse.GetValue(creates), parse.GetValue(creators), parse.GetValue(operatorExe), cancellationToken);
    Console.WriteLine();
    Console.WriteLine("webhook benchmark");
    Console.WriteLine(OperatorThroughputBenchmark.Row("measure", "measured", "target"));
    foreach (var line in rows)
    {
        Console.WriteLine(line);
    }

    return 0;
});

var tenantMachines = new Option<int>("--machines") { Description = "Machines in the tenant for the machines page (created through the Kubernetes API)", DefaultValueFactory = _ => 500 };
var requests = new Option<int>("--requests") { Description = "Sequential requests of the machines page, after 100 warm-up", DefaultValueFactory = _ => 2000 };
var livePages = new Option<int>("--live-pages") { Description = "Open live pages (server-sent event streams) on one portal process; 0 skips that part", DefaultValueFactory = _ => 500 };
var portalCommand = new Command("portal", "the web portal: the first page after sign-in weighed in chromium (cold cache), the machines page's time with many machines, open live pages")
{
    tenantMachines, requests, livePages,
};
portalCommand.SetAction(async (parse, cancellationToken) =>
{
    var rows = await PortalBenchmark.RunAsync(Math.Max(0, parse.GetValue(tenantMachines)), Math.Max(1, parse.GetValue(requests)), Math.Max(0, parse.GetValue(livePages)), cancellationToken);
    Console.WriteLine();
    Console.WriteLine("portal benchmark");
    Console.WriteLine(PortalBenchmark.Row("measure", "measured", "target"));
    foreach (var line in rows)
    {
        Console.WriteLine(line);
    }

    return 0;
});

var guestMemory = new Option<string>("--memory") { Description = "Memory of each guest (a policy size)", DefaultValueFactory = _ => "512Mi" };
var idle = new Option<int>("--idle-seconds") { Description = "How long the idle guests' CPU is measured", DefaultValueFactory = _ => 20 };
var vmsCommand = new Command("vms", "real QEMU guests (devcluster --vm-runtime qemu): Create -> ssh answers for 1 machine and 4 at once, idle CPU and memory per guest")
{
    guestMemory, idle,
};
vmsCommand.SetAction(async (parse, cancellationToken) =>
{
    var rows = await VmsBenchmark.RunAsync(parse.GetValue(guestMemory)!, Math.Max(5, parse.GetValue(idle)), cancellationToken);
    Console.WriteLine();
    Console.WriteLine($"vms benchmark ({Environment.ProcessorCount} cores)");
    Console.WriteLine(PortalBenchmark.Row("measure", "measured", "target"));
    foreach (var line in rows)
    {
        Console.WriteLine(line);
    }

    return 0;
});

var root = new RootCommand("ElasticCompute benchmarks") { devcluster, operatorCommand, webhooksCommand, portalCommand, vmsCommand };
return await root.Parse(args).InvokeAsync();
