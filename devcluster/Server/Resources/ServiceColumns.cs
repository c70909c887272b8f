using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Resources;

/// <summary>The columns of <c>kubectl get services</c>, as the API server's service printer makes them.</summary>
internal static class ServiceColumns
{
    public static IReadOnlyList<PrinterColumn> All { get; } =
    [
        new("Type", "string", ".spec.type", "The type of service."),
        new("Cluster-IP", "string", ".spec.clusterIP", "Internal IP of the service.") { Compute = o => Text(o["spec"]?["clusterIP"]) is { Length: > 0 } ip ? ip : "<none>" },
        new("External-IP", "string", ".status.loadBalancer.ingress", "External IP of the service.") { Compute = o => ExternalIp(o) },
        new("Port(s)", "string", ".spec.ports", "The ports of the service.") { Compute = o => Ports(o) },
        new("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created."),
        new("Selector", "string", ".spec.selector", "The selector of the service.", Priority: 1) { Compute = o => Selector(o) },
    ];

    private static string ExternalIp(JsonObject o)
    {
        var external = (o["spec"]?["externalIPs"] as JsonArray ?? []).Select(Text).OfType<string>().ToList();
        switch (Text(o["spec"]?["type"]))
        {
            case "LoadBalancer":
                var ingress = (o["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(i => Text(i["ip"]) ?? Text(i["hostname"])).OfType<string>();
                var all = ingress.Concat(external).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            case "ExternalName":
                return Text(o["spec"]?["externalName"]) ?? "<none>";
            default:
                return external.Count > 0 ? string.Join(",", external) : "<none>";
        }
    }

    private static string Ports(JsonObject o)
    {
        var ports = (o["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => p["nodePort"] is { } node ? $"{p["port"]}:{node}/{Text(p["protocol"]) ?? "TCP"}" : $"{p["port"]}/{Text(p["protocol"]) ?? "TCP"}")
            .ToList();
        return ports.Count > 0 ? string.Join(",", ports) : "<none>";
    }

    private static string Selector(JsonObject o) =>
        o["spec"]?["selector"] is JsonObject { Count: > 0 } selector ? string.Join(",", selector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) : "<none>";

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
