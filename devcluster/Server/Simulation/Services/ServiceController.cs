using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;

namespace ElasticCompute.DevCluster.Server.Simulation.Services;

/// <summary>
/// kube-proxy and a cloud's load balancer on one machine: every node port of a NodePort or LoadBalancer Service
/// listens on 127.0.0.1 (the simulated nodes' ExternalIP), a LoadBalancer Service gets an ingress address of its own on
/// loopback (127.x.y.z from its cluster IP) listening on its ports when the host lets it bind, and each connection
/// goes to the first Running VMI the selector picks, through <see cref="IVmRuntime.ForwardAsync"/>. Listeners close
/// when their Service or port goes, and all of them when devcluster stops.
/// </summary>
internal sealed class ServiceController(ResourceRegistry registry, TimeProvider time, IVmRuntime runtime) : ReconcileLoop(registry, time)
{
    /// <summary>The address every node port listens on: all simulated nodes are this host.</summary>
    public static readonly IPAddress NodeAddress = IPAddress.Loopback;

    private const string ServiceTable = "services";

    private static readonly WriteOptions Write = new() { FieldManager = "service-controller" };

    private readonly Dictionary<IPEndPoint, Listener> listeners = [];

    /// <summary>Runs the loop until devcluster stops, then closes every listener.</summary>
    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (listeners)
            {
                foreach (var listener in listeners.Values)
                {
                    listener.Forwarder?.Dispose();
                }

                listeners.Clear();
            }
        }
    }

    /// <summary>Where a Service's port is listened on now (tests and diagnosis).</summary>
    public IReadOnlyList<IPEndPoint> Listening()
    {
        lock (listeners)
        {
            return [.. listeners.Where(l => l.Value.Forwarder is not null).Select(l => l.Key)];
        }
    }

    protected override bool Watches(string table) => table is ServiceTable;

    protected override async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var type = Registry.Catalog.All.First(t => t.Group.Length == 0 && t.Plural == "services");
        var wanted = new Dictionary<IPEndPoint, Rule>();
        foreach (var service in Registry.List(type, null, ListOptions.Default).Items.Select(ResourceRegistry.Parse))
        {
            var kind = SimJson.Str(service["spec"]?["type"]);
            if (ObjectMeta.IsDeleting(service) || kind is not ("NodePort" or "LoadBalancer"))
            {
                continue;
            }

            var ns = ObjectMeta.Namespace(service);
            var name = ObjectMeta.Name(service);
            var balancer = kind == "LoadBalancer" ? BalancerAddress(service) : null;
            foreach (var port in (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => SimJson.Str(p["protocol"]) is null or "TCP"))
            {
                var number = (int)SimJson.Int(port["port"], 0);
                if (SimJson.Int(port["nodePort"], 0) is var nodePort and > 0)
                {
                    wanted[new IPEndPoint(NodeAddress, (int)nodePort)] = new Rule(ns, name, p => SimJson.Int(p["nodePort"], 0) == nodePort);
                }

                if (balancer is not null && number > 0)
                {
                    wanted[new IPEndPoint(balancer, number)] = new Rule(ns, name, p => SimJson.Int(p["port"], 0) == number);
                }
            }

            if (balancer is not null)
            {
                await PublishIngressAsync(type, service, balancer, cancellationToken).ConfigureAwait(false);
            }
        }

        lock (listeners)
        {
            foreach (var (at, listener) in listeners.Where(l => !wanted.TryGetValue(l.Key, out var rule) || rule.Service != l.Value.Rule.Service).ToList())
            {
                listener.Forwarder?.Dispose();
                listeners.Remove(at);
            }

            foreach (var (at, rule) in wanted)
            {
                if (listeners.TryGetValue(at, out var existing))
                {
                    existing.Rule = rule; // same Service: the port entry it matches may have changed
                    continue;
                }

                var listener = new Listener(rule);
                listener.Forwarder = PortForwarder.TryStart(at, ct => TargetAsync(listener.Rule, ct)); // null: cannot bind; not retried until the Service changes
                listeners[at] = listener;
            }
        }
    }

    /// <summary>Where the connection goes: the guest port of the first Running VMI the Service selects.</summary>
    private async ValueTask<EndPoint?> TargetAsync(Rule rule, CancellationToken cancellationToken)
    {
        if (Registry.Store.Get(ServiceTable, rule.Namespace, rule.Name) is not { } stored)
        {
            return null;
        }

        var service = ResourceRegistry.Parse(stored);
        var port = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(rule.Matches);
        if (port is null || service["spec"]?["selector"] is not JsonObject { Count: > 0 } selector)
        {
            return null;
        }

        // A named targetPort would name a container port; a VMI has none, so the Service port stands for the guest's.
        var guestPort = port["targetPort"] is JsonValue t && t.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (int)SimJson.Int(t, 0) : (int)SimJson.Int(port["port"], 0);
        var vmi = Registry.List(SimTypes.Vmis(Registry), rule.Namespace, ListOptions.Default).Items
            .Select(ResourceRegistry.Parse)
            .Where(v => !ObjectMeta.IsDeleting(v) && SimJson.Str(v["status"]?["phase"]) == "Running")
            .Where(v => selector.All(s => SimJson.Str(v["metadata"]?["labels"]?[s.Key]) == SimJson.Str(s.Value)))
            .OrderBy(ObjectMeta.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return vmi is null ? null : await runtime.ForwardAsync(VmiKey.Of(vmi), guestPort, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishIngressAsync(ResourceType type, JsonObject service, IPAddress address, CancellationToken cancellationToken)
    {
        var status = service["status"]?.DeepClone() as JsonObject ?? [];
        status["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = address.ToString(), ["ipMode"] = "VIP" }) };
        if (SimJson.Same(service["status"], status))
        {
            return;
        }

        var copy = (JsonObject)service.DeepClone();
        copy["status"] = status;
        await KubeVirtWrites.TryAsync(Registry.UpdateAsync(type, ObjectMeta.Namespace(service), ObjectMeta.Name(service), copy, "status", Write, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>A loopback address of the Service's own, 127.x.y.z from its cluster IP 10.x.y.z (both unique per Service).</summary>
    private static IPAddress? BalancerAddress(JsonObject service) =>
        IPAddress.TryParse(SimJson.Str(service["spec"]?["clusterIP"]), out var ip) && ip.GetAddressBytes() is [10, var b, var c, var d]
            ? new IPAddress(new byte[] { 127, b, c, d })
            : null;

    private sealed record Rule(string Namespace, string Name, Func<JsonObject, bool> Matches)
    {
        public string Service => $"{Namespace}/{Name}";
    }

    private sealed class Listener(Rule rule)
    {
        public Rule Rule { get; set; } = rule;

        public PortForwarder? Forwarder { get; set; }
    }
}
