using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Strategies;

/// <summary>
/// The API server's Service rules (Kubernetes 1.32, IPv4 single stack): defaults (ClusterIP, TCP, targetPort = port),
/// a cluster IP and node ports allocated or, when given, checked and reserved; cluster IPs that never change; node
/// ports kept across updates that leave them out and released when the type no longer needs them. Register under "services".
/// </summary>
internal sealed class ServiceStrategy(ServiceAllocator allocator) : IResourceStrategy
{
    private static readonly string[] Types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    public void PrepareForCreate(JsonObject obj)
    {
        var spec = Defaults(obj);
        if (spec["clusterIP"] is null || Text(spec["clusterIP"]) is "")
        {
            if (Text(spec["type"]) != "ExternalName")
            {
                spec["clusterIP"] = allocator.AllocateClusterIp();
            }
        }

        if (spec["clusterIP"] is { } ip)
        {
            spec["clusterIPs"] = new JsonArray(ip.DeepClone());
        }

        AllocateNodePorts(spec, null);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public void PrepareForUpdate(JsonObject updated, JsonObject current)
    {
        var spec = Defaults(updated);
        var old = current["spec"] as JsonObject ?? [];
        if (Text(spec["clusterIP"]) is null or "" && old["clusterIP"] is { } ip)
        {
            spec["clusterIP"] = ip.DeepClone();
            spec["clusterIPs"] = new JsonArray(ip.DeepClone());
        }

        // A type that no longer needs node ports lets go of the ones it had (unless the update changed them itself).
        if (NeedsNodePorts(old) && !NeedsNodePorts(spec))
        {
            foreach (var port in Ports(spec))
            {
                if (Matching(old, port)?["nodePort"] is { } had && JsonNode.DeepEquals(had, port["nodePort"]))
                {
                    port.Remove("nodePort");
                }
            }
        }

        if (Text(spec["type"]) != "LoadBalancer" && updated["status"]?["loadBalancer"] is JsonObject balancer)
        {
            balancer.Remove("ingress");
        }

        AllocateNodePorts(spec, old);
    }

    public IEnumerable<FieldError> ValidateCreate(JsonObject obj) => Validate(obj);

    public IEnumerable<FieldError> ValidateUpdate(JsonObject updated, JsonObject current)
    {
        var before = Text(current["spec"]?["clusterIP"]);
        var after = Text(updated["spec"]?["clusterIP"]);
        if (before is { Length: > 0 } && after != before)
        {
            return [FieldError.Invalid("spec.clusterIPs[0]", updated["spec"]?["clusterIP"], "may not change once set")];
        }

        return Validate(updated);
    }

    private List<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        var spec = obj["spec"] as JsonObject ?? [];
        var self = $"{ObjectMeta.Namespace(obj)}/{ObjectMeta.Name(obj)}";
        var type = Text(spec["type"]);
        if (!Types.Contains(type))
        {
            errors.Add(FieldError.NotSupported("spec.type", spec["type"], Types));
            return errors;
        }

        var ports = Ports(spec).ToArray();
        var clusterIp = Text(spec["clusterIP"]);
        if (ports.Length == 0 && type != "ExternalName" && clusterIp != "None")
        {
            errors.Add(FieldError.Required("spec.ports", string.Empty));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(long, string?)>();
        var nodePorts = new HashSet<(long, string?)>();
        for (var i = 0; i < ports.Length; i++)
        {
            var field = $"spec.ports[{i}]";
            var port = ports[i];
            var name = Text(port["name"]) ?? string.Empty;
            if (ports.Length > 1 && name.Length == 0)
            {
                errors.Add(FieldError.Required($"{field}.name", string.Empty));
            }
            else if (name.Length > 0 && !names.Add(name))
            {
                errors.Add(FieldError.Duplicate($"{field}.name", port["name"]));
            }

            var number = Number(port["port"]);
            if (number is not (>= 1 and <= 65535))
            {
                errors.Add(FieldError.Invalid($"{field}.port", port["port"], "must be between 1 and 65535, inclusive"));
            }

            var protocol = Text(port["protocol"]);
            if (!Protocols.Contains(protocol))
            {
                errors.Add(FieldError.NotSupported($"{field}.protocol", port["protocol"], Protocols));
            }
            else if (!keys.Add((number ?? 0, protocol)))
            {
                errors.Add(FieldError.Duplicate(field, port.DeepClone()));
            }

            if (port["nodePort"] is not { } given)
            {
                continue;
            }

            var nodePort = Number(given);
            if (!NeedsNodePorts(spec))
            {
                errors.Add(FieldError.Forbidden($"{field}.nodePort", $"may not be used when `type` is '{type}'"));
            }
            else if (nodePort is not { } n || !ServiceAllocator.InNodePortRange((int)n))
            {
                errors.Add(FieldError.Invalid($"{field}.nodePort", given, $"provided port is not in the valid range. The range of valid ports is {ServiceAllocator.NodePortMin}-{ServiceAllocator.NodePortMax}"));
            }
            else if (!nodePorts.Add((n, protocol)))
            {
                errors.Add(FieldError.Duplicate($"{field}.nodePort", given));
            }
            else if (allocator.NodePortHolder((int)n, self) is not null)
            {
                errors.Add(FieldError.Invalid($"{field}.nodePort", given, "provided port is already allocated"));
            }
        }

        if (clusterIp is { Length: > 0 } and not "None" && type != "ExternalName")
        {
            if (!ServiceAllocator.InServiceRange(clusterIp))
            {
                errors.Add(FieldError.Invalid("spec.clusterIPs[0]", spec["clusterIP"], $"failed to allocate IP {clusterIp}: the provided IP ({clusterIp}) is not in the valid range. The range of valid IPs is 10.96.0.0/12"));
            }
            else if (allocator.ClusterIpHolder(clusterIp, self) is not null)
            {
                errors.Add(FieldError.Invalid("spec.clusterIPs[0]", spec["clusterIP"], $"failed to allocate IP {clusterIp}: provided IP is already allocated"));
            }
        }

        return errors;
    }

    /// <summary>The API server's defaults; returns the spec.</summary>
    private static JsonObject Defaults(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            obj["spec"] = spec = [];
        }

        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if (Text(spec["type"]) != "ExternalName")
        {
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
            spec["internalTrafficPolicy"] ??= "Cluster";
        }

        if (NeedsNodePorts(spec))
        {
            spec["externalTrafficPolicy"] ??= "Cluster";
        }

        foreach (var port in Ports(spec))
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }

        return spec;
    }

    /// <summary>Gives each port that needs one a node port: the one it had (same port and protocol), else a free one.</summary>
    private void AllocateNodePorts(JsonObject spec, JsonObject? old)
    {
        if (!NeedsNodePorts(spec))
        {
            return;
        }

        var ports = Ports(spec).ToArray();
        foreach (var port in ports.Where(p => p["nodePort"] is null || Number(p["nodePort"]) == 0))
        {
            if (old is not null && NeedsNodePorts(old) && Matching(old, port)?["nodePort"] is { } kept)
            {
                port["nodePort"] = kept.DeepClone();
                continue;
            }

            var own = ports.Select(p => Number(p["nodePort"]) ?? 0).Where(n => n != 0).Select(n => (int)n);
            port["nodePort"] = allocator.AllocateNodePort(own);
        }
    }

    private static JsonObject? Matching(JsonObject spec, JsonObject port) =>
        Ports(spec).FirstOrDefault(p => Number(p["port"]) == Number(port["port"]) && Text(p["protocol"]) == Text(port["protocol"]));

    private static bool NeedsNodePorts(JsonObject spec) => Text(spec["type"]) is "NodePort" or "LoadBalancer";

    private static IEnumerable<JsonObject> Ports(JsonObject spec) => (spec["ports"] as JsonArray ?? []).OfType<JsonObject>();

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A JSON integer however the node holds it (parsed, or set from an int or a long).</summary>
    internal static long? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
