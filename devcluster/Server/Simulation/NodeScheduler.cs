using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// The kube-scheduler's part for virt-launcher pods: a Ready, schedulable node whose labels match the nodeSelector and
/// whose allocatable cpu and memory still hold the VMI's requests; otherwise the scheduler's FitError message.
/// </summary>
internal static class NodeScheduler
{
    public sealed record Requests(decimal Cpu, decimal Memory);

    public sealed record Placement(string? Node, string? Message);

    public static Requests Of(JsonNode? vmiSpec)
    {
        var domain = vmiSpec?["domain"];
        var requests = domain?["resources"]?["requests"];
        decimal cpu;
        if (requests?["cpu"] is { } explicitCpu)
        {
            cpu = SimJson.Quantity(explicitCpu);
        }
        else
        {
            var topology = domain?["cpu"];
            cpu = SimJson.Int(topology?["sockets"], 1) * SimJson.Int(topology?["cores"], 1) * SimJson.Int(topology?["threads"], 1);
        }

        var memory = requests?["memory"] is { } explicitMemory ? SimJson.Quantity(explicitMemory) : SimJson.Quantity(domain?["memory"]?["guest"]);
        return new Requests(cpu, memory);
    }

    /// <summary>
    /// A node as the scheduler sees it, read once a pass (nodes are few, VMIs many): why no pod fits it whatever its
    /// load (cordoned, not ready), its labels for the nodeSelector, and its allocatable cpu and memory.
    /// </summary>
    public sealed record Candidate(string Name, string? Unfit, JsonObject? Labels, decimal Cpu, decimal Memory);

    /// <summary>The nodes in the order the scheduler tries them (by name).</summary>
    public static IReadOnlyList<Candidate> Candidates(IEnumerable<JsonObject> nodes) =>
        nodes.OrderBy(ObjectMeta.Name, StringComparer.Ordinal).Select(node =>
        {
            string? unfit = null;
            if (node["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var cordoned) && cordoned)
            {
                unfit = "node(s) were unschedulable";
            }
            else if (SimJson.Str(SimJson.Condition(node["status"], "Ready")?["status"]) != "True")
            {
                unfit = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
            }

            var allocatable = node["status"]?["allocatable"];
            return new Candidate(ObjectMeta.Name(node), unfit, node["metadata"]?["labels"] as JsonObject,
                SimJson.Quantity(allocatable?["cpu"]), SimJson.Quantity(allocatable?["memory"]));
        }).ToList();

    /// <param name="used">What the VMIs already on (or reserved for) a node request of it.</param>
    public static Placement Place(IReadOnlyList<Candidate> nodes, Func<string, Requests> used, JsonNode? nodeSelector, Requests wanted)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var preemption = new Dictionary<string, int>(StringComparer.Ordinal);
        string? best = null;
        var bestFree = decimal.MinValue;
        var failed = new List<string>(2);
        foreach (var node in nodes)
        {
            failed.Clear();
            var helpful = true;
            if (node.Unfit is { } unfit)
            {
                failed.Add(unfit);
                helpful = false;
            }
            else if (!Matches(node.Labels, nodeSelector))
            {
                failed.Add("node(s) didn't match Pod's node affinity/selector");
                helpful = false;
            }
            else
            {
                var load = used(node.Name);
                var freeCpu = node.Cpu - load.Cpu;
                var freeMemory = node.Memory - load.Memory;
                if (wanted.Cpu > freeCpu)
                {
                    failed.Add("Insufficient cpu");
                }

                if (wanted.Memory > freeMemory)
                {
                    failed.Add("Insufficient memory");
                }

                if (failed.Count == 0 && freeCpu > bestFree)
                {
                    (best, bestFree) = (node.Name, freeCpu);
                }
            }

            foreach (var reason in failed)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }

            if (failed.Count > 0)
            {
                var p = helpful ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling";
                preemption[p] = preemption.GetValueOrDefault(p) + 1;
            }
        }

        if (best is not null)
        {
            return new Placement(best, null);
        }

        var message = $"0/{nodes.Count} nodes are available: {Histogram(reasons)}. preemption: 0/{nodes.Count} nodes are available: {Histogram(preemption)}.";
        return new Placement(null, nodes.Count == 0 ? "no nodes available to schedule pods" : message);
    }

    private static string Histogram(Dictionary<string, int> counts) =>
        string.Join(", ", counts.Select(kv => $"{kv.Value} {kv.Key}").Order(StringComparer.Ordinal));

    private static bool Matches(JsonObject? labels, JsonNode? selector)
    {
        if (selector is not JsonObject wanted)
        {
            return true;
        }

        return wanted.All(kv => labels is not null && SimJson.Str(labels[kv.Key]) == SimJson.Str(kv.Value));
    }
}
