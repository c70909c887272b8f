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
var root = new RootCommand("ElasticCompute benchmarks") { devcluster };
return await root.Parse(args).InvokeAsync();
