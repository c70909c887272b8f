using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Tests.Simulation;

namespace ElasticCompute.DevCluster.Tests.Services;

/// <summary>The API server's Service rules: what is allocated, what is kept, and what is refused with the field named.</summary>
public sealed class ServiceAllocationTests
{
    internal static string Service(string name, string type, string ports = "[{name: ssh, port: 22}]", string selector = "{vm.kubevirt.io/name: web}") => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}}
        spec: {type: {{type}}, selector: {{selector}}, ports: {{ports}}}
        """;

    [Fact]
    public async Task A_node_port_service_gets_a_cluster_ip_and_node_ports_with_the_defaults()
    {
        await using var cluster = await SimCluster.StartAsync();

        var svc = await cluster.CreateAsync(cluster.Services, Service("web", "NodePort", "[{name: ssh, port: 22}, {name: http, port: 80, targetPort: 8080}]"));

        var spec = svc["spec"]!;
        var ip = System.Net.IPAddress.Parse(SimCluster.Str(spec["clusterIP"])!).GetAddressBytes();
        Assert.Equal(10, ip[0]);
        Assert.InRange(ip[1], 96, 111);
        Assert.Equal(SimCluster.Str(spec["clusterIP"]), SimCluster.Str(spec["clusterIPs"]![0]));
        var ports = spec["ports"]!.AsArray().Select(p => p!.AsObject()).ToArray();
        Assert.All(ports, p => Assert.InRange(p["nodePort"]!.GetValue<int>(), 30000, 32767));
        Assert.NotEqual(ports[0]["nodePort"]!.GetValue<int>(), ports[1]["nodePort"]!.GetValue<int>());
        Assert.Equal(["TCP", "TCP"], ports.Select(p => SimCluster.Str(p["protocol"])));
        Assert.Equal([22, 8080], ports.Select(p => p["targetPort"]!.GetValue<int>()));
        Assert.Equal("Cluster", SimCluster.Str(spec["externalTrafficPolicy"]));
    }

    [Fact]
    public async Task A_given_node_port_is_reserved_and_refused_to_the_next_service_or_out_of_range()
    {
        await using var cluster = await SimCluster.StartAsync();
        var first = await cluster.CreateAsync(cluster.Services, Service("a", "NodePort", "[{port: 22, nodePort: 30022}]"));
        Assert.Equal(30022, first["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());

        var taken = await Assert.ThrowsAsync<ApiException>(() => cluster.CreateAsync(cluster.Services, Service("b", "NodePort", "[{name: http, port: 80}, {name: ssh, port: 22, nodePort: 30022}]")));
        Assert.Equal(422, taken.Code);
        Assert.Contains("spec.ports[1].nodePort: Invalid value: 30022: provided port is already allocated", taken.Message, StringComparison.Ordinal);

        var range = await Assert.ThrowsAsync<ApiException>(() => cluster.CreateAsync(cluster.Services, Service("c", "NodePort", "[{port: 22, nodePort: 2222}]")));
        Assert.Equal(422, range.Code);
        Assert.Contains("spec.ports[0].nodePort: Invalid value: 2222: provided port is not in the valid range. The range of valid ports is 30000-32767", range.Message, StringComparison.Ordinal);

        var clusterIp = await Assert.ThrowsAsync<ApiException>(() => cluster.CreateAsync(cluster.Services, Service("d", "ClusterIP", "[{port: 22, nodePort: 30100}]")));
        Assert.Contains("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'", clusterIp.Message, StringComparison.Ordinal);

        var type = await Assert.ThrowsAsync<ApiException>(() => cluster.CreateAsync(cluster.Services, Service("e", "Ingress")));
        Assert.Contains("spec.type: Unsupported value: \"Ingress\": supported values: \"ClusterIP\", \"NodePort\", \"LoadBalancer\", \"ExternalName\"", type.Message, StringComparison.Ordinal);

        var unnamed = await Assert.ThrowsAsync<ApiException>(() => cluster.CreateAsync(cluster.Services, Service("f", "NodePort", "[{port: 22}, {port: 80}]")));
        Assert.Contains("spec.ports[0].name: Required value", unnamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_keep_the_cluster_ip_and_node_ports_left_out_and_clusterip_releases_them()
    {
        await using var cluster = await SimCluster.StartAsync();
        var created = await cluster.CreateAsync(cluster.Services, Service("web", "NodePort"));
        var ip = SimCluster.Str(created["spec"]!["clusterIP"]);
        var nodePort = created["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();

        // As a client that sends only what it manages (the port list without node ports), plus a new port.
        await cluster.EditAsync(cluster.Services, "web", s => s["spec"]!["ports"] = JsonNode.Parse("""[{"name":"ssh","port":22},{"name":"http","port":80}]"""));
        var updated = cluster.Find(cluster.Services, "web")!;
        Assert.Equal(ip, SimCluster.Str(updated["spec"]!["clusterIP"]));
        Assert.Equal(nodePort, updated["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
        Assert.InRange(updated["spec"]!["ports"]![1]!["nodePort"]!.GetValue<int>(), 30000, 32767);

        await cluster.EditAsync(cluster.Services, "web", s => s["spec"]!["type"] = "ClusterIP");
        Assert.All(cluster.Find(cluster.Services, "web")!["spec"]!["ports"]!.AsArray(), p => Assert.Null(p!["nodePort"]));

        var moved = await Assert.ThrowsAsync<ApiException>(() => cluster.EditAsync(cluster.Services, "web", s => s["spec"]!["clusterIP"] = "10.96.0.77"));
        Assert.Contains("spec.clusterIPs[0]: Invalid value: \"10.96.0.77\": may not change once set", moved.Message, StringComparison.Ordinal);

        // The released node port is free for another Service.
        await cluster.CreateAsync(cluster.Services, Service("other", "NodePort", $"[{{port: 22, nodePort: {nodePort}}}]"));
    }
}
