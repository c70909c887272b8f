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
var creators = new Option<int>("--creators") { Description = "Concurrent creators", DefaultValueFactory = _ => 16 };
var cachedTimeout = new Option<int>("--cached-timeout") { Description = "Minutes to wait for the cached machines to become Ready", DefaultValueFactory = _ => 20 };
var operatorEnv = new Option<string[]>("--operator-env") { Description = "NAME=VALUE set in the operator process's environment for the memory measurement (for example DOTNET_GCHeapHardLimit, as a container memory limit would); repeatable", AllowMultipleArgumentsPerToken = false };
var operatorCommand = new Command("operator", "the operator: time to Ready vs writing VMs directly, API writes per machine, memory with many machines cached")
{
    machines, cached, creators, cachedTimeout, operatorEnv,
};
operatorCommand.SetAction(async (parse, cancellationToken) =>
{
    // Memory first, while this process has run nothing else.
    IReadOnlyList<string> memory = parse.GetValue(cached) is > 0 and var n
        ? await OperatorMemoryBenchmark.RunAsync(n, parse.GetValue(creators), TimeSpan.FromMinutes(parse.GetValue(cachedTimeout)), parse.GetValue(operatorEnv) ?? [], cancellationToken)
        : [];
    IReadOnlyList<string> throughput = parse.GetValue(machines) is > 0 and var m
        ? await OperatorThroughputBenchmark.RunAsync(m, parse.GetValue(creators), cancellationToken)
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

var root = new RootCommand("ElasticCompute benchmarks") { devcluster, operatorCommand };
return await root.Parse(args).InvokeAsync();
