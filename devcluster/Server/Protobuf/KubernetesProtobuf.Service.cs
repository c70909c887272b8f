using System.Text.Json.Nodes;
using Google.Protobuf;

namespace ElasticCompute.DevCluster.Server.Protobuf;

/// <summary>The Service message, as `kubectl create service` sends it (k8s.io/api/core/v1 generated.proto).</summary>
public static partial class KubernetesProtobuf
{
    // Service: spec 2 (status 3 is the server's, skipped).
    private static void ServiceField(CodedInputStream input, int number, JsonObject obj)
    {
        if (number == 2)
        {
            obj["spec"] = ServiceSpec(Message(input));
        }
        else
        {
            input.SkipLastField();
        }
    }

    // ServiceSpec: ports 1, selector 2, clusterIP 3, type 4, externalIPs 5, sessionAffinity 7, loadBalancerIP 8,
    // externalName 10, externalTrafficPolicy 11, ipFamilyPolicy 17, clusterIPs 18, ipFamilies 19,
    // loadBalancerClass 21, internalTrafficPolicy 22.
    private static JsonObject ServiceSpec(CodedInputStream input)
    {
        var spec = new JsonObject();
        ReadFields(input, (m, n) =>
        {
            switch (n)
            {
                case 1: Array(spec, "ports").Add(ServicePort(Message(m))); break;
                case 2: AddEntry(m, Map(spec, "selector"), bytes: false); break;
                case 3: SetString(spec, "clusterIP", m.ReadString()); break;
                case 4: SetString(spec, "type", m.ReadString()); break;
                case 5: Array(spec, "externalIPs").Add(m.ReadString()); break;
                case 7: SetString(spec, "sessionAffinity", m.ReadString()); break;
                case 8: SetString(spec, "loadBalancerIP", m.ReadString()); break;
                case 10: SetString(spec, "externalName", m.ReadString()); break;
                case 11: SetString(spec, "externalTrafficPolicy", m.ReadString()); break;
                case 17: SetString(spec, "ipFamilyPolicy", m.ReadString()); break;
                case 18: Array(spec, "clusterIPs").Add(m.ReadString()); break;
                case 19: Array(spec, "ipFamilies").Add(m.ReadString()); break;
                case 21: SetString(spec, "loadBalancerClass", m.ReadString()); break;
                case 22: SetString(spec, "internalTrafficPolicy", m.ReadString()); break;
                default: m.SkipLastField(); break;
            }
        });
        return spec;
    }

    // ServicePort: name 1, protocol 2, port 3, targetPort 4 (IntOrString), nodePort 5, appProtocol 6.
    private static JsonObject ServicePort(CodedInputStream input)
    {
        var port = new JsonObject();
        ReadFields(input, (m, n) =>
        {
            switch (n)
            {
                case 1: SetString(port, "name", m.ReadString()); break;
                case 2: SetString(port, "protocol", m.ReadString()); break;
                case 3: port["port"] = m.ReadInt32(); break;
                case 4: port["targetPort"] = IntOrString(Message(m)); break;
                case 5: port["nodePort"] = m.ReadInt32() is var node and not 0 ? node : null; break;
                case 6: SetString(port, "appProtocol", m.ReadString()); break;
                default: m.SkipLastField(); break;
            }
        });
        if (port["nodePort"] is null)
        {
            port.Remove("nodePort");
        }

        return port;
    }

    // intstr.IntOrString: type 1 (0 int, 1 string), intVal 2, strVal 3.
    private static JsonNode? IntOrString(CodedInputStream input)
    {
        long type = 0;
        var number = 0;
        var text = string.Empty;
        ReadFields(input, (m, n) =>
        {
            switch (n)
            {
                case 1: type = m.ReadInt64(); break;
                case 2: number = m.ReadInt32(); break;
                case 3: text = m.ReadString(); break;
                default: m.SkipLastField(); break;
            }
        });
        return type == 1 ? JsonValue.Create(text) : JsonValue.Create(number);
    }
}
