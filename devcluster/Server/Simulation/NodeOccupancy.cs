using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// What the VMIs of one pass hold on each node: the requests of those placed on it or reserved for it (not the
/// finished ones), and the addresses of those placed on it. Built once a pass and updated as the pass moves each VMI,
/// so scheduling or addressing one VMI asks the totals instead of rescanning every other VMI; "except this VMI" is
/// the total minus its own share.
/// </summary>
internal sealed class NodeOccupancy
{
    private static readonly NodeScheduler.Requests None = new(0, 0);

    private readonly Dictionary<string, Share> shares = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeScheduler.Requests> used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> addresses = new(StringComparer.Ordinal);

    /// <summary>Records where a VMI stands now (its status and its reservation), replacing what was recorded for it.</summary>
    public void Set(JsonObject vmi, string? reservation)
    {
        var uid = ObjectMeta.Uid(vmi)!;
        var nodeName = SimJson.Str(vmi["status"]?["nodeName"]);
        var node = nodeName ?? reservation;
        if (SimJson.Str(vmi["status"]?["phase"]) is "Succeeded" or "Failed")
        {
            node = null;
        }

        var requests = node is null ? None : NodeScheduler.Of(vmi["spec"]);
        var address = nodeName is not null && vmi["status"]?["interfaces"] is JsonArray { Count: > 0 } interfaces && interfaces[0] is JsonObject first
            ? SimJson.Str(first["ipAddress"])
            : null;
        Set(uid, new Share(node, requests, nodeName, address));
    }

    /// <summary>What the VMIs other than <paramref name="uid"/> request of <paramref name="node"/>.</summary>
    public NodeScheduler.Requests UsedExcept(string node, string uid)
    {
        var total = used.GetValueOrDefault(node) ?? None;
        return shares.TryGetValue(uid, out var own) && own.Node == node ? Minus(total, own.Requests) : total;
    }

    /// <summary>Whether a VMI other than <paramref name="uid"/> placed on <paramref name="node"/> has <paramref name="address"/>.</summary>
    public bool IsTaken(string node, string address, string uid)
    {
        var count = addresses.TryGetValue(node, out var onNode) ? onNode.GetValueOrDefault(address) : 0;
        if (shares.TryGetValue(uid, out var own) && own.AddressNode == node && own.Address == address)
        {
            count--;
        }

        return count > 0;
    }

    private void Set(string uid, Share share)
    {
        if (shares.Remove(uid, out var old))
        {
            if (old.Node is not null)
            {
                used[old.Node] = Minus(used[old.Node], old.Requests);
            }

            if (old.AddressNode is not null && old.Address is not null)
            {
                addresses[old.AddressNode][old.Address]--;
            }
        }

        shares[uid] = share;
        if (share.Node is not null)
        {
            var sum = used.GetValueOrDefault(share.Node) ?? None;
            used[share.Node] = new NodeScheduler.Requests(sum.Cpu + share.Requests.Cpu, sum.Memory + share.Requests.Memory);
        }

        if (share.AddressNode is not null && share.Address is not null)
        {
            if (!addresses.TryGetValue(share.AddressNode, out var onNode))
            {
                addresses[share.AddressNode] = onNode = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            onNode[share.Address] = onNode.GetValueOrDefault(share.Address) + 1;
        }
    }

    private static NodeScheduler.Requests Minus(NodeScheduler.Requests a, NodeScheduler.Requests b) => new(a.Cpu - b.Cpu, a.Memory - b.Memory);

    /// <summary>One VMI's part: the node its requests count on, and the node and address it holds.</summary>
    private sealed record Share(string? Node, NodeScheduler.Requests Requests, string? AddressNode, string? Address);
}
