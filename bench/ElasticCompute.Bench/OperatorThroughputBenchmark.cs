using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ElasticCompute.DevCluster.Server.Faults;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Simulation;

namespace ElasticCompute.Bench;

/// <summary>
/// Issue 4's throughput and write benchmark, with devcluster and the operator in this process:
/// N ElasticMachines created at once until all are Ready, against a baseline that writes the same
/// VirtualMachines and DataVolumes straight to the API (no operator) until all VMs are ready; then the
/// operator's writes per machine, while idle, after a dropped watch (resume) and after a relist.
/// </summary>
internal static class OperatorThroughputBenchmark
{
    private const string TemplateName = "benchtemplate";
    private const string FloorFinalizer = "elasticcompute.io/cleanup";

    public static async Task<IReadOnlyList<string>> RunAsync(int machines, int creators, int rounds, CancellationToken cancellationToken)
    {
        var root = BenchApi.FindRoot();
        var schemas = Path.GetFullPath(Path.Combine(root, "..", "shared", "kubevirt", "crd-schemas"));
        var faults = new FaultInjector();
        var simulation = new SimulationOptions
        {
            // Room for the baseline's VMs and the operator's side by side (2 x N x 2 vCPU / 4Gi / 80Gi).
            Nodes = Math.Max(4, machines * 2 * 2 / 128 + 2),
            NodeCpu = 128,
            NodeMemory = "512Gi",
            StorageClasses = [new SimulatedStorageClass("standard", "200Ti", IsDefault: true)],
            VmiPhaseDelay = TimeSpan.FromMilliseconds(50),
            ImportStepDelay = TimeSpan.FromMilliseconds(50),
            ExpansionDelay = TimeSpan.FromMilliseconds(100),
            KubeVirtSchemaDirectory = Directory.Exists(schemas) ? schemas : null,
        };
        await using var server = await DevClusterServer.StartAsync(new DevClusterOptions
        {
            Listen = "127.0.0.1:0",
            CrdDirectories = [Path.Combine(root, "crds")],
            Http = new ApiHandlerOptions { Faults = faults },
            Modules = SimulatedWorld.Modules(simulation),
        }, cancellationToken);
        using var http = BenchApi.Client(server.Url, creators + 4);
        Console.WriteLine($"devcluster in-process: {simulation.Nodes} nodes x 128 vCPU/512Gi, storage 200Ti, KubeVirt schemas {(simulation.KubeVirtSchemaDirectory is null ? "open" : "real")}, step delays 50 ms");

        // Warm up the operator (JIT, connections) and take one machine's VM and DataVolume as the baseline's template.
        const int warm = 20;
        (JsonObject Vm, JsonObject Dv) template;
        await using (var warmOperator = InProcessOperator.Start(server.Url))
        {
            await BenchApi.CreateNamespaceAsync(http, "warm-op", cancellationToken);
            await CreateMachinesAsync(http, "warm-op", warm, creators, cancellationToken, TemplateName);
            template = await TemplateAsync(http, cancellationToken);
            warmOperator.Check();
        }

        await BenchApi.CreateNamespaceAsync(http, "warm-base", cancellationToken);
        await WriteBaselineAsync(http, "warm-base", template, warm, creators, cancellationToken);
        await RemoveNamespaceAsync(http, "warm-base", cancellationToken);

        // Rounds alternate between the baseline (no operator: the same objects written straight to the API at the
        // same concurrency) and the operator. Round 0 is a full-size warm-up of both sides and is not counted: the
        // runtime is still compiling the hot paths then (tiered JIT), and whichever side went first would pay for it.
        // On 2 cores one round can be 10-20% off the next, so each side's best measured round counts, as in the
        // webhook benchmark. The simulated controllers cost more with more objects, so each round's objects are
        // removed before the next: every round runs against the same world.
        var baselines = new List<Timing>();
        var floors = new List<Timing>();
        var operators = new List<Timing>();
        InProcessOperator? op = null;
        WriteCounts created = default!;
        try
        {
            for (var round = 0; ; round++)
            {
                await BenchApi.CreateNamespaceAsync(http, $"base-{round}", cancellationToken);
                Console.WriteLine($"round {round}, baseline: {machines} DataVolumes + VirtualMachines by {creators} writers ...");
                var baseline = await WriteBaselineAsync(http, $"base-{round}", template, machines, creators, cancellationToken);
                await RemoveNamespaceAsync(http, $"base-{round}", cancellationToken);

                await BenchApi.CreateNamespaceAsync(http, $"floor-{round}", cancellationToken);
                Console.WriteLine($"round {round}, floor: the writes any operator must make for {machines} machines, by {creators} writers, no operator ...");
                var floor = await WriteFloorAsync(http, $"floor-{round}", template, machines, creators, cancellationToken);
                await RemoveNamespaceAsync(http, $"floor-{round}", cancellationToken);

                // The operator, restarted (it lists everything, then idles): the clock starts once a probe machine is Ready.
                op = InProcessOperator.Start(server.Url);
                await BenchApi.CreateNamespaceAsync(http, $"probe-{round}", cancellationToken);
                await CreateMachinesAsync(http, $"probe-{round}", 1, 1, cancellationToken);
                await BenchApi.CreateNamespaceAsync(http, $"ops-{round}", cancellationToken);
                Console.WriteLine($"round {round}, operator: {machines} ElasticMachines by {creators} creators ...");
                var before = op.Counter.Snapshot();
                var measured = await CreateMachinesAsync(http, $"ops-{round}", machines, creators, cancellationToken);
                op.Check();

                // Late status writes (a last condition flip) still belong to creating the machines.
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                created = op.Counter.Snapshot().Since(before);
                Console.WriteLine($"  {(round == 0 ? "warm-up, not counted: " : string.Empty)}baseline {baseline}; floor {floor}; operator {measured}");
                if (round > 0)
                {
                    baselines.Add(baseline);
                    floors.Add(floor);
                    operators.Add(measured);
                }

                if (round == rounds)
                {
                    break;
                }

                // The operator deletes its machines (finalizers) before it stops.
                await RemoveNamespaceAsync(http, $"ops-{round}", cancellationToken);
                await RemoveNamespaceAsync(http, $"probe-{round}", cancellationToken);
                await op.DisposeAsync();
                op = null;
            }

            return await IdleChecksAsync(http, faults, op!, machines, creators, baselines, floors, operators, created, cancellationToken);
        }
        finally
        {
            if (op is not null)
            {
                await op.DisposeAsync();
            }
        }
    }

    /// <summary>Writes while idle, after a dropped watch and after a relist, with the last round's machines in place; then the report.</summary>
    private static async Task<IReadOnlyList<string>> IdleChecksAsync(
        HttpClient http, FaultInjector faults, InProcessOperator op, int machines, int creators, List<Timing> baselines, List<Timing> floors, List<Timing> operators, WriteCounts created, CancellationToken cancellationToken)
    {
        Console.WriteLine("idle 10 s ...");
        var idleStart = op.Counter.Snapshot();
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var idle = op.Counter.Snapshot().Since(idleStart);

        Console.WriteLine("dropping every watch (clients resume from their resourceVersion) ...");
        var dropStart = op.Counter.Snapshot();
        var dropped = faults.DropWatches();
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var afterDrop = op.Counter.Snapshot().Since(dropStart);

        Console.WriteLine("compacting history and dropping every watch (410 Gone: clients relist) ...");
        var relistStart = op.Counter.Snapshot();
        await BenchApi.AdvanceRevisionAsync(http, cancellationToken);
        faults.CompactHistory();
        var droppedForRelist = faults.DropWatches();
        await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
        var afterRelist = op.Counter.Snapshot().Since(relistStart);
        op.Check();

        var bestOperator = operators.MinBy(t => t.All)!;
        var bestBaseline = baselines.MinBy(t => t.All)!;
        var operatorTime = bestOperator.All;
        var baseline = bestBaseline.All;
        var ratio = operatorTime.TotalSeconds / baseline.TotalSeconds;
        var bestFloor = floors.MinBy(t => t.All)!;
        var floorRatio = bestFloor.All.TotalSeconds / baseline.TotalSeconds;
        var perMachine = (double)created.Objects / machines;
        string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
        string Rounds(List<Timing> timings) => string.Join(", ", timings.Select(t => F(t.All.TotalSeconds)));
        return
        [
            Row($"{machines} machines Ready (operator), {creators} creators, best of {operators.Count}", $"{F(operatorTime.TotalSeconds)} s", $"rounds: {Rounds(operators)}"),
            Row($"{machines} VMs ready (baseline, no operator), best of {baselines.Count}", $"{F(baseline.TotalSeconds)} s", $"rounds: {Rounds(baselines)}"),
            Row("operator / baseline", F(ratio), "<= 1.25", ratio <= 1.25),
            Row($"  floor (the required writes, no operator), best of {floors.Count}", $"{F(bestFloor.All.TotalSeconds)} s", $"rounds: {Rounds(floors)}"),
            Row("  floor / baseline: the best any operator can do here", F(floorRatio), string.Empty),
            Row("  CPU of the best rounds, floor / baseline", $"{bestFloor.Cpu.TotalSeconds:F1} / {bestBaseline.Cpu.TotalSeconds:F1} s", F(bestFloor.Cpu / bestBaseline.Cpu)),
            Row("  half / 90% Ready, operator (best round)", $"{F(operators.Min(t => t.Half).TotalSeconds)} / {F(operators.Min(t => t.Most).TotalSeconds)} s", string.Empty),
            Row("  half / 90% ready, baseline (best round)", $"{F(baselines.Min(t => t.Half).TotalSeconds)} / {F(baselines.Min(t => t.Most).TotalSeconds)} s", string.Empty),
            Row("  CPU of the best rounds (whole process), operator / baseline", $"{bestOperator.Cpu.TotalSeconds:F1} / {bestBaseline.Cpu.TotalSeconds:F1} s", F(bestOperator.Cpu / bestBaseline.Cpu)),
            Row("  allocated in the best rounds, operator / baseline", $"{bestOperator.Allocated >> 20} / {bestBaseline.Allocated >> 20} MiB", F((double)bestOperator.Allocated / bestBaseline.Allocated)),
            Row("object writes per machine", F(perMachine), "<= 4", perMachine <= 4),
            Row("status writes per machine", F((double)created.Statuses / machines), "(status updates)"),
            Row("event writes per machine", F((double)created.Events / machines), "(events)"),
            Row("  writes while creating, by request", created.Breakdown(), string.Empty),
            Row("writes while idle 10 s", idle.Writes.ToString(CultureInfo.InvariantCulture), "0", idle.Writes == 0),
            Row($"writes after a watch drop ({dropped} watches, {afterDrop.Lists} lists)", afterDrop.Writes.ToString(CultureInfo.InvariantCulture), "0", afterDrop.Writes == 0),
            Row($"writes after a relist ({droppedForRelist} watches, {afterRelist.Lists} lists)", afterRelist.Writes.ToString(CultureInfo.InvariantCulture), "0", afterRelist.Writes == 0),
            .. afterDrop.Writes + afterRelist.Writes + idle.Writes > 0
                ? [Row("  unexpected writes, by request", idle.Breakdown() + " | " + afterDrop.Breakdown() + " | " + afterRelist.Breakdown(), string.Empty)]
                : Array.Empty<string>(),
        ];
    }

    public static string Row(string what, string measured, string target, bool? met = null) =>
        $"  {what,-58} {measured,-12} {target,-16} {(met is null ? string.Empty : met.Value ? "ok" : "MISSED")}";

    /// <summary>Creates machines at once and returns the times until half, 90% and all are Ready.</summary>
    private static async Task<Timing> CreateMachinesAsync(HttpClient http, string ns, int count, int creators, CancellationToken cancellationToken, string? firstName = null)
    {
        var path = $"{BenchApi.MachinesApi}/namespaces/{ns}/elasticmachines";
        await using var watcher = await ReadyWatcher.StartAsync(http, path, count, BenchApi.MachineReady, cancellationToken);
        var cpu = Timing.Mark();
        var start = Stopwatch.GetTimestamp();
        await BenchApi.ForAllAsync(count, creators, 0, i => BenchApi.SendAsync(http, HttpMethod.Post, path, BenchApi.Machine(i == 0 && firstName is not null ? firstName : $"m-{i}", 2, "4Gi", "80Gi"), cancellationToken), cancellationToken);
        var sent = Stopwatch.GetElapsedTime(start);
        if (!await watcher.WaitAsync(TimeSpan.FromMinutes(10), "machines Ready", cancellationToken))
        {
            throw new TimeoutException($"only {watcher.Ready} of {count} machines in {ns} became Ready");
        }

        return Timing.Of(watcher, start, sent, cpu);
    }

    private static async Task RemoveNamespaceAsync(HttpClient http, string ns, CancellationToken cancellationToken)
    {
        using (await http.DeleteAsync($"/api/v1/namespaces/{ns}", cancellationToken))
        {
        }

        for (var i = 0; i < 1200; i++)
        {
            using var response = await http.GetAsync($"/api/v1/namespaces/{ns}", cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"namespace {ns} was not removed");
    }

    /// <summary>
    /// The floor: the writes issue 4 asks of any operator for each machine, made straight from this client with no
    /// reconciler, no caches and no watches but one on the VMs. Per machine: the machine's create (the user's), its
    /// finalizer patch, the DataVolume and VM creates (the baseline's), a first status (Provisioning, Ready=False with
    /// observedGeneration: without it kstatus would call the new machine Current) and its Event, and once the VM is ready
    /// a second status (Running, Ready=True) and its Event: an Event on each transition. An operator that does what the
    /// issue asks writes no less, so floor / baseline is the best ratio this machine allows. The finalizers are taken off
    /// afterwards, as no operator is there to do it.
    /// </summary>
    private static async Task<Timing> WriteFloorAsync(HttpClient http, string ns, (JsonObject Vm, JsonObject Dv) template, int count, int writers, CancellationToken cancellationToken)
    {
        var machines = $"{BenchApi.MachinesApi}/namespaces/{ns}/elasticmachines";
        var vms = $"/apis/kubevirt.io/v1/namespaces/{ns}/virtualmachines";
        var dvs = $"/apis/cdi.kubevirt.io/v1beta1/namespaces/{ns}/datavolumes";
        var vmText = template.Vm.ToJsonString();
        var dvText = template.Dv.ToJsonString();
        var readyVms = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });
        await using var watcher = await ReadyWatcher.StartAsync(http, machines, count, BenchApi.MachineReady, cancellationToken);
        await using var vmWatcher = await ReadyWatcher.StartAsync(http, vms, count, BenchApi.VirtualMachineReady, cancellationToken, name => readyVms.Writer.TryWrite(name));
        var cpu = Timing.Mark();
        var start = Stopwatch.GetTimestamp();
        var runningWriters = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await foreach (var name in readyVms.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteFloorStatusAsync(http, ns, name, "Running", "True", cancellationToken);
            }
        }, cancellationToken)).ToArray();
        await BenchApi.ForAllAsync(count, writers, 0, async i =>
        {
            var name = $"m-{i}";
            await BenchApi.SendAsync(http, HttpMethod.Post, machines, BenchApi.Machine(name, 2, "4Gi", "80Gi"), cancellationToken);
            await BenchApi.SendAsync(http, HttpMethod.Patch, $"{machines}/{name}", $$$"""{"metadata":{"finalizers":["{{{FloorFinalizer}}}"]}}""", cancellationToken, "application/merge-patch+json");
            await BenchApi.SendAsync(http, HttpMethod.Post, dvs, dvText.Replace(TemplateName, name, StringComparison.Ordinal), cancellationToken);
            await BenchApi.SendAsync(http, HttpMethod.Post, vms, vmText.Replace(TemplateName, name, StringComparison.Ordinal), cancellationToken);
            await WriteFloorStatusAsync(http, ns, name, "Provisioning", "False", cancellationToken);
        }, cancellationToken);
        var sent = Stopwatch.GetElapsedTime(start);
        if (!await watcher.WaitAsync(TimeSpan.FromMinutes(10), "machines Ready (floor)", cancellationToken))
        {
            throw new TimeoutException($"only {watcher.Ready} of {count} floor machines in {ns} became Ready");
        }

        var timing = Timing.Of(watcher, start, sent, cpu);
        readyVms.Writer.Complete();
        await Task.WhenAll(runningWriters);
        await BenchApi.ForAllAsync(count, writers, 0, i => BenchApi.SendAsync(http, HttpMethod.Patch, $"{machines}/m-{i}", """{"metadata":{"finalizers":null}}""", cancellationToken, "application/merge-patch+json"), cancellationToken);
        return timing;
    }

    /// <summary>The floor's status patch (phase, Ready with observedGeneration) and its events.k8s.io/v1 Event.</summary>
    private static async Task WriteFloorStatusAsync(HttpClient http, string ns, string name, string phase, string ready, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["observedGeneration"] = 1,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = ready,
                    ["reason"] = phase,
                    ["message"] = $"machine is {phase}",
                    ["lastTransitionTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["observedGeneration"] = 1,
                }),
            },
        };
        await BenchApi.SendAsync(http, HttpMethod.Patch, $"{BenchApi.MachinesApi}/namespaces/{ns}/elasticmachines/{name}/status", status.ToJsonString(), cancellationToken, "application/merge-patch+json");
        var e = new JsonObject
        {
            ["apiVersion"] = "events.k8s.io/v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = $"{name}.{now.UtcTicks:x}" },
            ["eventTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["regarding"] = new JsonObject { ["apiVersion"] = "elasticcompute.io/v1alpha1", ["kind"] = "ElasticMachine", ["name"] = name, ["namespace"] = ns },
            ["type"] = "Normal",
            ["reason"] = phase,
            ["action"] = "Status",
            ["note"] = $"machine is {phase}",
            ["reportingController"] = "elasticcompute.io/bench-floor",
            ["reportingInstance"] = "bench",
        };
        await BenchApi.SendAsync(http, HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{ns}/events", e.ToJsonString(), cancellationToken);
    }

    private static async Task<Timing> WriteBaselineAsync(HttpClient http, string ns, (JsonObject Vm, JsonObject Dv) template, int count, int writers, CancellationToken cancellationToken)
    {
        var vms = $"/apis/kubevirt.io/v1/namespaces/{ns}/virtualmachines";
        var dvs = $"/apis/cdi.kubevirt.io/v1beta1/namespaces/{ns}/datavolumes";
        var vmText = template.Vm.ToJsonString();
        var dvText = template.Dv.ToJsonString();
        await using var watcher = await ReadyWatcher.StartAsync(http, vms, count, BenchApi.VirtualMachineReady, cancellationToken);
        var cpu = Timing.Mark();
        var start = Stopwatch.GetTimestamp();
        await BenchApi.ForAllAsync(count, writers, 0, async i =>
        {
            var name = $"m-{i}";
            await BenchApi.SendAsync(http, HttpMethod.Post, dvs, dvText.Replace(TemplateName, name, StringComparison.Ordinal), cancellationToken);
            await BenchApi.SendAsync(http, HttpMethod.Post, vms, vmText.Replace(TemplateName, name, StringComparison.Ordinal), cancellationToken);
        }, cancellationToken);
        var sent = Stopwatch.GetElapsedTime(start);
        if (!await watcher.WaitAsync(TimeSpan.FromMinutes(10), "VMs ready", cancellationToken))
        {
            throw new TimeoutException($"only {watcher.Ready} of {count} baseline VMs in {ns} became ready");
        }

        return Timing.Of(watcher, start, sent, cpu);
    }

    /// <summary>The operator's VM and DataVolume for one machine, as written (no server-set metadata, no owner, no status).</summary>
    private static async Task<(JsonObject Vm, JsonObject Dv)> TemplateAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var vm = JsonNode.Parse(await BenchApi.SendAsync(http, HttpMethod.Get, $"/apis/kubevirt.io/v1/namespaces/warm-op/virtualmachines/{TemplateName}", null, cancellationToken))!.AsObject();
        var dv = JsonNode.Parse(await BenchApi.SendAsync(http, HttpMethod.Get, $"/apis/cdi.kubevirt.io/v1beta1/namespaces/warm-op/datavolumes/{TemplateName}-disk", null, cancellationToken))!.AsObject();
        return (Strip(vm), Strip(dv));
    }

    /// <summary>When a round's last write was sent and when the first, 10%, half, 90% and all of its objects were ready, and the CPU time this process (devcluster, its simulators, the operator) spent meanwhile.</summary>
    private sealed record Timing(TimeSpan Sent, TimeSpan First, TimeSpan Tenth, TimeSpan Half, TimeSpan Most, TimeSpan All, TimeSpan Cpu, long Allocated, int Collections)
    {
        /// <summary>The process's CPU time, bytes allocated and collections (gen0 + gen1 x 1000 + gen2 x 1000000) now, for <see cref="Of"/>.</summary>
        public static (TimeSpan Cpu, long Allocated, int Collections) Mark() =>
            (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(), CollectionsNow());

        public static Timing Of(ReadyWatcher watcher, long start, TimeSpan sent, (TimeSpan Cpu, long Allocated, int Collections) atStart) =>
            new(sent, watcher.ReadyAfter(start, 0), watcher.ReadyAfter(start, 0.1), watcher.ReadyAfter(start, 0.5), watcher.ReadyAfter(start, 0.9), watcher.ReadyAfter(start, 1),
                Process.GetCurrentProcess().TotalProcessorTime - atStart.Cpu, GC.GetTotalAllocatedBytes() - atStart.Allocated,
                CollectionsNow() - atStart.Collections);

        private static int CollectionsNow() => GC.CollectionCount(0) + GC.CollectionCount(1) * 1000 + GC.CollectionCount(2) * 1000000;

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"writes sent {Sent.TotalSeconds:F2} s, first {First.TotalSeconds:F2} s, 10% {Tenth.TotalSeconds:F2} s, half {Half.TotalSeconds:F2} s, 90% {Most.TotalSeconds:F2} s, all {All.TotalSeconds:F2} s, CPU {Cpu.TotalSeconds:F1} s, allocated {Allocated >> 20} MiB, GCs {Collections}");
    }

    private static JsonObject Strip(JsonObject item)
    {
        item.Remove("status");
        var metadata = item["metadata"]!.AsObject();
        foreach (var key in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "ownerReferences", "namespace", "finalizers" })
        {
            metadata.Remove(key);
        }

        return item;
    }
}
