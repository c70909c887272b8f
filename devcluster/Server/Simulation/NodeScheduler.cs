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

    /// <param name="placed">The VMIs already on (or reserved for) each node, with their requests.</param>
    public static Placement Place(IReadOnlyList<JsonObject> nodes, IReadOnlyDictionary<string, Requests> placed, JsonNode? nodeSelector, Requests wanted)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var preemption = new Dictionary<string, int>(StringComparer.Ordinal);
        string? best = null;
        var bestFree = decimal.MinValue;
        foreach (var node in nodes.OrderBy(ObjectMeta.Name, StringComparer.Ordinal))
        {
            var name = ObjectMeta.Name(node);
            var failed = new List<string>();
            var helpful = true;
            if (node["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var cordoned) && cordoned)
            {
                failed.Add("node(s) were unschedulable");
                helpful = false;
            }
            else if (SimJson.Str(SimJson.Condition(node["status"], "Ready")?["status"]) != "True")
            {
                failed.Add("node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
                helpful = false;
            }
            else if (!Matches(node, nodeSelector))
            {
                failed.Add("node(s) didn't match Pod's node affinity/selector");
                helpful = false;
            }
            else
            {
                var allocatable = node["status"]?["allocatable"];
                var used = placed.TryGetValue(name, out var u2) ? u2 : new Requests(0, 0);
                var freeCpu = SimJson.Quantity(allocatable?["cpu"]) - used.Cpu;
                var freeMemory = SimJson.Quantity(allocatable?["memory"]) - used.Memory;
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
                    (best, bestFree) = (name, freeCpu);
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

    private static bool Matches(JsonObject node, JsonNode? selector)
    {
        if (selector is not JsonObject wanted)
        {
            return true;
        }

        var labels = node["metadata"]?["labels"] as JsonObject;
        return wanted.All(kv => labels is not null && SimJson.Str(labels[kv.Key]) == SimJson.Str(kv.Value));
    }
}
