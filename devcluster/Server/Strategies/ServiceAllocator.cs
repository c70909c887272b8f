using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>
/// Hands out Service cluster IPs from 10.96.0.0/12 (10.96.0.1 stays the API's, as kube-apiserver keeps it) and node
/// ports from 30000-32767, at random like the API server's bitmaps. What is taken is read from the stored Services,
/// so nothing is lost across a restart; the last values handed out are held too, for a create that has not been
/// stored yet.
/// </summary>
internal sealed class ServiceAllocator(ObjectStore store)
{
    public const int NodePortMin = 30000;
    public const int NodePortMax = 32767;
    public const string Table = "services";

    private const uint ServiceNetwork = (10u << 24) | (96u << 16); // 10.96.0.0
    private const uint ServiceHosts = 1u << 20; // a /12
    private const int Recent = 256;

    private readonly Lock gate = new();
    private readonly Queue<string> recent = new();

    public static bool InNodePortRange(int port) => port is >= NodePortMin and <= NodePortMax;

    public static bool InServiceRange(string ip) =>
        IPAddress.TryParse(ip, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && (ToUInt(address) & ~(ServiceHosts - 1)) == ServiceNetwork;

    /// <summary>A free node port; the ones in <paramref name="keep"/> (this Service's own) count as taken.</summary>
    public int AllocateNodePort(IEnumerable<int> keep)
    {
        lock (gate)
        {
            var taken = TakenNodePorts(null).Concat(keep).ToHashSet();
            var port = Pick(NodePortMax - NodePortMin + 1, i => NodePortMin + i, p => taken.Contains(p) || recent.Contains($"port:{p}"));
            Remember($"port:{port}");
            return port;
        }
    }

    public string AllocateClusterIp()
    {
        lock (gate)
        {
            var taken = Stored().Select(s => s.Object["spec"]?["clusterIP"]?.ToString()).ToHashSet(StringComparer.Ordinal);
            var ip = Pick((int)ServiceHosts - 2, i => ToText(ServiceNetwork + 2 + (uint)i), a => taken.Contains(a) || recent.Contains($"ip:{a}"));
            Remember($"ip:{ip}");
            return ip;
        }
    }

    /// <summary>The Service (namespace/name) holding a node port, other than <paramref name="self"/>; null when free.</summary>
    public string? NodePortHolder(int port, string self) =>
        Stored().FirstOrDefault(s => s.Key != self && NodePorts(s.Object).Contains(port)).Key;

    /// <summary>The Service holding a cluster IP, other than <paramref name="self"/>; null when free.</summary>
    public string? ClusterIpHolder(string ip, string self) =>
        ip == ToText(ServiceNetwork + 1) ? "default/kubernetes" : Stored().FirstOrDefault(s => s.Key != self && s.Object["spec"]?["clusterIP"]?.ToString() == ip).Key;

    public static IEnumerable<int> NodePorts(JsonObject service) =>
        (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => (int)(ServiceStrategy.Number(p["nodePort"]) ?? 0))
            .Where(n => n != 0);

    private IEnumerable<int> TakenNodePorts(string? self) => Stored().Where(s => s.Key != self).SelectMany(s => NodePorts(s.Object));

    private IEnumerable<(string Key, JsonObject Object)> Stored() =>
        store.List(Table).Items.Select(s => ($"{s.Namespace}/{s.Name}", ResourceRegistry.Parse(s)));

    private static T Pick<T>(int count, Func<int, T> at, Func<T, bool> taken)
    {
        var start = Random.Shared.Next(count);
        for (var i = 0; i < count; i++)
        {
            var candidate = at((start + i) % count);
            if (!taken(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("range is full");
    }

    private void Remember(string value)
    {
        recent.Enqueue(value);
        if (recent.Count > Recent)
        {
            recent.Dequeue();
        }
    }

    private static uint ToUInt(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static string ToText(uint value) => $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";
}
