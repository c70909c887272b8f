using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Simulation;

namespace ElasticCompute.DevCluster.Tests.Simulation;

/// <summary>
/// The per-pass index of what nodes hold answers exactly as rescanning every VMI did (the scan is kept here as the
/// reference): the same requests per node "except this VMI", the same taken addresses, and so the same placements,
/// scheduler messages and addresses over a pass that moves VMIs along.
/// </summary>
public sealed class NodeOccupancyTests
{
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        ["node-a"] = "10.244.0",
        ["node-b"] = "10.244.1",
        ["node-c"] = "10.244.2",
        ["node-d"] = "10.244.3",
    };

    [Fact]
    public void Requests_and_addresses_except_one_vmi_match_a_scan_of_all_vmis_as_vmis_move()
    {
        var (vmis, reservations) = MixedSet(seed: 7);
        var occupancy = Index(vmis, reservations);
        AssertSameAsScan(vmis, reservations, occupancy);

        // Move some along: finish, place, reserve, drop reservations, re-address.
        var random = new Random(11);
        foreach (var vmi in vmis.Where((_, i) => i % 3 == 0))
        {
            var uid = ObjectMeta.Uid(vmi)!;
            var node = Prefixes.Keys.ElementAt(random.Next(Prefixes.Count));
            var status = (JsonObject)vmi["status"]!;
            switch (random.Next(4))
            {
                case 0:
                    status["phase"] = "Succeeded";
                    break;
                case 1:
                    status["phase"] = "Running";
                    status["nodeName"] = node;
                    status["interfaces"] = new JsonArray(new JsonObject { ["ipAddress"] = $"{Prefixes[node]}.{10 + random.Next(4)}" });
                    break;
                case 2:
                    reservations[uid] = node;
                    break;
                default:
                    reservations.Remove(uid);
                    status.Remove("nodeName");
                    break;
            }

            occupancy.Set(vmi, reservations.GetValueOrDefault(uid));
        }

        AssertSameAsScan(vmis, reservations, occupancy);
    }

    [Fact]
    public void Passes_with_the_index_place_and_address_vmis_as_passes_with_scans_did()
    {
        var (scanned, scannedReservations) = MixedSet(seed: 3);
        var (indexed, indexedReservations) = MixedSet(seed: 3);
        var nodes = NodeScheduler.Candidates(Nodes());

        var scanLog = new List<string>();
        var indexLog = new List<string>();
        for (var pass = 0; pass < 3; pass++)
        {
            scanLog.AddRange(Pass(scanned, scannedReservations, nodes, indexed: false));
            indexLog.AddRange(Pass(indexed, indexedReservations, nodes, indexed: true));
        }

        // The pass did place, address and turn VMIs away, so the comparison covers all three.
        Assert.Contains(scanLog, l => l.Contains(" placed ", StringComparison.Ordinal));
        Assert.Contains(scanLog, l => l.Contains(" addressed ", StringComparison.Ordinal));
        Assert.Contains(scanLog, l => l.Contains("Insufficient cpu", StringComparison.Ordinal));
        Assert.Equal(scanLog, indexLog);
        Assert.Equal(scannedReservations, indexedReservations);
        Assert.All(scanned.Zip(indexed), pair => Assert.True(JsonNode.DeepEquals(pair.First, pair.Second), pair.First.ToJsonString()));
    }

    /// <summary>One pass of the controller's scheduling steps over the VMIs, in order; what it decided, one line a VMI.</summary>
    private static List<string> Pass(List<JsonObject> vmis, Dictionary<string, string> reservations, IReadOnlyList<NodeScheduler.Candidate> nodes, bool indexed)
    {
        var occupancy = Index(vmis, reservations);
        var log = new List<string>();
        foreach (var vmi in vmis)
        {
            var uid = ObjectMeta.Uid(vmi)!;
            var status = (JsonObject)vmi["status"]!;
            Func<string, NodeScheduler.Requests> used = indexed
                ? n => occupancy.UsedExcept(n, uid)
                : n => ScanPlaced(vmis, reservations, uid).GetValueOrDefault(n) ?? new NodeScheduler.Requests(0, 0);
            switch ((string?)status["phase"])
            {
                case "Pending":
                {
                    var placement = NodeScheduler.Place(nodes, used, vmi["spec"]?["nodeSelector"], NodeScheduler.Of(vmi["spec"]));
                    log.Add($"{uid} placed {placement.Node} {placement.Message}");
                    if (placement.Node is not null)
                    {
                        reservations[uid] = placement.Node;
                        status["phase"] = "Scheduling";
                    }

                    break;
                }

                case "Scheduling":
                {
                    var node = reservations.GetValueOrDefault(uid) ?? NodeScheduler.Place(nodes, used, vmi["spec"]?["nodeSelector"], NodeScheduler.Of(vmi["spec"])).Node;
                    if (node is null)
                    {
                        status["phase"] = "Pending";
                        log.Add($"{uid} back to Pending");
                        break;
                    }

                    var taken = indexed ? null : ScanTaken(vmis, node, uid);
                    var ip = Enumerable.Range(10, 245).Select(h => $"{Prefixes[node]}.{h.ToString(CultureInfo.InvariantCulture)}")
                        .First(a => indexed ? !occupancy.IsTaken(node, a, uid) : !taken!.Contains(a));
                    status["nodeName"] = node;
                    status["interfaces"] = new JsonArray(new JsonObject { ["ipAddress"] = ip });
                    status["phase"] = "Scheduled";
                    reservations.Remove(uid);
                    log.Add($"{uid} addressed {node} {ip}");
                    break;
                }
            }

            occupancy.Set(vmi, reservations.GetValueOrDefault(uid));
        }

        return log;
    }

    private static void AssertSameAsScan(List<JsonObject> vmis, Dictionary<string, string> reservations, NodeOccupancy occupancy)
    {
        foreach (var uid in vmis.Select(v => ObjectMeta.Uid(v)!))
        {
            var placed = ScanPlaced(vmis, reservations, uid);
            foreach (var node in Prefixes.Keys.Append("node-gone"))
            {
                Assert.Equal(placed.GetValueOrDefault(node) ?? new NodeScheduler.Requests(0, 0), occupancy.UsedExcept(node, uid));
                var taken = ScanTaken(vmis, node, uid);
                foreach (var host in Enumerable.Range(8, 10))
                {
                    var address = $"{Prefixes.GetValueOrDefault(node, "10.9.9")}.{host.ToString(CultureInfo.InvariantCulture)}";
                    Assert.True(taken.Contains(address) == occupancy.IsTaken(node, address, uid), $"{address} on {node} except {uid}");
                }
            }
        }
    }

    // ---- the scans the controller did before the index (the reference) ----

    private static Dictionary<string, NodeScheduler.Requests> ScanPlaced(List<JsonObject> vmis, Dictionary<string, string> reservations, string exceptUid)
    {
        var placed = new Dictionary<string, NodeScheduler.Requests>(StringComparer.Ordinal);
        foreach (var vmi in vmis)
        {
            var uid = ObjectMeta.Uid(vmi)!;
            if (uid == exceptUid)
            {
                continue;
            }

            var node = (string?)vmi["status"]?["nodeName"] ?? reservations.GetValueOrDefault(uid);
            if (node is null || (string?)vmi["status"]?["phase"] is "Succeeded" or "Failed")
            {
                continue;
            }

            var r = NodeScheduler.Of(vmi["spec"]);
            var sum = placed.GetValueOrDefault(node) ?? new NodeScheduler.Requests(0, 0);
            placed[node] = new NodeScheduler.Requests(sum.Cpu + r.Cpu, sum.Memory + r.Memory);
        }

        return placed;
    }

    private static HashSet<string?> ScanTaken(List<JsonObject> vmis, string node, string uid) =>
        vmis.Where(v => ObjectMeta.Uid(v) != uid && (string?)v["status"]?["nodeName"] == node)
            .Select(v => (string?)v["status"]?["interfaces"]?[0]?["ipAddress"])
            .ToHashSet(StringComparer.Ordinal);

    // ---- a mixed world ----

    private static NodeOccupancy Index(List<JsonObject> vmis, Dictionary<string, string> reservations)
    {
        var occupancy = new NodeOccupancy();
        foreach (var vmi in vmis)
        {
            occupancy.Set(vmi, reservations.GetValueOrDefault(ObjectMeta.Uid(vmi)!));
        }

        return occupancy;
    }

    /// <summary>
    /// VMIs in every state the scheduler meets: Pending (some with a selector, some with a reservation left from an
    /// aborted pass), Scheduling with and without a reservation, placed and running (addresses repeat), finished on a
    /// node, placed without an address; cpu from the topology or an explicit request in millicores.
    /// </summary>
    private static (List<JsonObject> Vmis, Dictionary<string, string> Reservations) MixedSet(int seed)
    {
        var random = new Random(seed);
        var vmis = new List<JsonObject>();
        var reservations = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var uid = $"uid-{i:D3}";
            var node = Prefixes.Keys.ElementAt(random.Next(3));
            var domain = new JsonObject { ["memory"] = new JsonObject { ["guest"] = $"{1 + random.Next(4)}Gi" } };
            if (random.Next(3) == 0)
            {
                domain["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "1536Mi" } };
            }
            else
            {
                domain["cpu"] = new JsonObject { ["cores"] = 1 + random.Next(2) };
            }

            var spec = new JsonObject { ["domain"] = domain };
            var status = new JsonObject();
            switch (random.Next(9))
            {
                case 0 or 1:
                    status["phase"] = "Pending";
                    break;
                case 2:
                    status["phase"] = "Pending";
                    spec["nodeSelector"] = new JsonObject { ["pool"] = "gpu" };
                    break;
                case 3:
                    status["phase"] = "Pending";
                    reservations[uid] = node;
                    break;
                case 4:
                    status["phase"] = "Scheduling";
                    reservations[uid] = node;
                    break;
                case 5:
                    status["phase"] = "Scheduling";
                    break;
                case 6:
                    status["phase"] = random.Next(2) == 0 ? "Succeeded" : "Failed";
                    status["nodeName"] = node;
                    status["interfaces"] = new JsonArray(new JsonObject { ["ipAddress"] = $"{Prefixes[node]}.{10 + random.Next(4)}" });
                    break;
                case 7:
                    status["phase"] = "Running";
                    status["nodeName"] = node;
                    break;
                default:
                    status["phase"] = "Running";
                    status["nodeName"] = node;
                    status["interfaces"] = new JsonArray(new JsonObject { ["ipAddress"] = $"{Prefixes[node]}.{10 + random.Next(4)}" });
                    if (random.Next(4) == 0)
                    {
                        reservations[uid] = Prefixes.Keys.ElementAt(random.Next(3));
                    }

                    break;
            }

            vmis.Add(new JsonObject { ["metadata"] = new JsonObject { ["uid"] = uid, ["name"] = $"vm-{i}" }, ["spec"] = spec, ["status"] = status });
        }

        return (vmis, reservations);
    }

    private static IEnumerable<JsonObject> Nodes() =>
        Prefixes.Keys.Reverse().Select(name => new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["pool"] = name == "node-c" ? "gpu" : "general" } },
            ["spec"] = new JsonObject { ["unschedulable"] = name == "node-d" },
            ["status"] = new JsonObject
            {
                ["allocatable"] = new JsonObject { ["cpu"] = name == "node-c" ? "16" : "8", ["memory"] = "32Gi" },
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            },
        });
}
