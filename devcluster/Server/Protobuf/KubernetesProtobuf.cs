using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Protobuf;

/// <summary>
/// Reads the protobuf bodies kubectl sends for built-in kinds (<c>kubectl create namespace|configmap|secret</c>
/// use <c>application/vnd.kubernetes.protobuf</c>) into the JSON the JSON path would have received, so
/// the rest of the server only ever sees JSON. Answers stay JSON: kubectl accepts both.
/// </summary>
/// <remarks>
/// Hand-written over Google.Protobuf's <see cref="CodedInputStream"/>: no served package carries the
/// k8s.io/api message types for .NET, and the three kinds kubectl sends this way need a few dozen
/// lines. Field numbers are those of k8s.io/api/core/v1 and apimachinery meta/v1 generated.proto.
/// Output follows Go's encoding/json of those types: omitempty fields left out when empty, bytes as base64.
/// </remarks>
public static partial class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    // The envelope: "k8s\0" then a runtime.Unknown message.
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Whether a Content-Type names the Kubernetes protobuf encoding.</summary>
    public static bool IsProtobuf(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads a protobuf request body as a JSON object, or throws the Status to answer: 415 for a kind it
    /// does not read, 400 for a damaged body.
    /// </summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return TryDecode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var obj) switch
        {
            KubernetesProtobufResult.Decoded => obj,
            KubernetesProtobufResult.UnsupportedKind => throw ApiException.UnsupportedMediaType(MediaType),
            _ => throw ApiException.BadRequest("the body of the request could not be decoded: not a valid Kubernetes protobuf message"),
        };
    }

    /// <summary>Decodes "k8s\0" + runtime.Unknown{typeMeta, raw} for Namespace, ConfigMap, Secret and Service (v1).</summary>
    public static KubernetesProtobufResult TryDecode(ReadOnlySpan<byte> body, out JsonObject obj)
    {
        obj = [];
        if (!body.StartsWith(Magic))
        {
            return KubernetesProtobufResult.Malformed;
        }

        try
        {
            string apiVersion = string.Empty, kind = string.Empty, encoding = string.Empty;
            ByteString raw = ByteString.Empty;
            var input = new CodedInputStream(body[Magic.Length..].ToArray());
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        var typeMeta = Message(input);
                        while ((tag = typeMeta.ReadTag()) != 0)
                        {
                            switch (WireFormat.GetTagFieldNumber(tag))
                            {
                                case 1: apiVersion = typeMeta.ReadString(); break;
                                case 2: kind = typeMeta.ReadString(); break;
                                default: typeMeta.SkipLastField(); break;
                            }
                        }

                        break;
                    case 2: raw = input.ReadBytes(); break;
                    case 3: encoding = input.ReadString(); break;
                    default: input.SkipLastField(); break;
                }
            }

            if (encoding.Length > 0 || apiVersion != "v1")
            {
                return KubernetesProtobufResult.UnsupportedKind;
            }

            Action<CodedInputStream, int, JsonObject>? field = kind switch
            {
                "Namespace" => NamespaceField,
                "ConfigMap" => ConfigMapField,
                "Secret" => SecretField,
                "Service" => ServiceField,
                _ => null,
            };
            if (field is null)
            {
                return KubernetesProtobufResult.UnsupportedKind;
            }

            obj["kind"] = kind;
            obj["apiVersion"] = apiVersion;
            var content = raw.CreateCodedInput();
            while ((tag = content.ReadTag()) != 0)
            {
                var number = WireFormat.GetTagFieldNumber(tag);
                if (number == 1)
                {
                    obj["metadata"] = ObjectMeta(Message(content));
                }
                else
                {
                    field(content, number, obj);
                }
            }

            return KubernetesProtobufResult.Decoded;
        }
        catch (InvalidProtocolBufferException)
        {
            obj = [];
            return KubernetesProtobufResult.Malformed;
        }
    }

    // Namespace: spec 2 (NamespaceSpec: finalizers 1), status 3 (NamespaceStatus: phase 1; conditions 2 are server-set).
    private static void NamespaceField(CodedInputStream input, int number, JsonObject obj)
    {
        switch (number)
        {
            case 2:
                var spec = new JsonObject();
                ReadFields(Message(input), (m, n) =>
                {
                    if (n == 1)
                    {
                        Array(spec, "finalizers").Add(m.ReadString());
                    }
                    else
                    {
                        m.SkipLastField();
                    }
                });
                obj["spec"] = spec;
                break;
            case 3:
                var status = new JsonObject();
                ReadFields(Message(input), (m, n) =>
                {
                    if (n == 1)
                    {
                        SetString(status, "phase", m.ReadString());
                    }
                    else
                    {
                        m.SkipLastField();
                    }
                });
                obj["status"] = status;
                break;
            default:
                input.SkipLastField();
                break;
        }
    }

    // ConfigMap: data 2 (map<string,string>), binaryData 3 (map<string,bytes>), immutable 4.
    private static void ConfigMapField(CodedInputStream input, int number, JsonObject obj)
    {
        switch (number)
        {
            case 2: AddEntry(input, Map(obj, "data"), bytes: false); break;
            case 3: AddEntry(input, Map(obj, "binaryData"), bytes: true); break;
            case 4: obj["immutable"] = input.ReadBool(); break;
            default: input.SkipLastField(); break;
        }
    }

    // Secret: data 2 (map<string,bytes>), type 3, stringData 4 (map<string,string>), immutable 5.
    private static void SecretField(CodedInputStream input, int number, JsonObject obj)
    {
        switch (number)
        {
            case 2: AddEntry(input, Map(obj, "data"), bytes: true); break;
            case 3: SetString(obj, "type", input.ReadString()); break;
            case 4: AddEntry(input, Map(obj, "stringData"), bytes: false); break;
            case 5: obj["immutable"] = input.ReadBool(); break;
            default: input.SkipLastField(); break;
        }
    }

    // ObjectMeta: name 1, generateName 2, namespace 3, selfLink 4, uid 5, resourceVersion 6, generation 7,
    // creationTimestamp 8, deletionTimestamp 9, deletionGracePeriodSeconds 10, labels 11, annotations 12,
    // ownerReferences 13, finalizers 14 (managedFields 17 is skipped: the server tracks it).
    private static JsonObject ObjectMeta(CodedInputStream input)
    {
        var meta = new JsonObject();
        ReadFields(input, (m, n) =>
        {
            switch (n)
            {
                case 1: SetString(meta, "name", m.ReadString()); break;
                case 2: SetString(meta, "generateName", m.ReadString()); break;
                case 3: SetString(meta, "namespace", m.ReadString()); break;
                case 4: SetString(meta, "selfLink", m.ReadString()); break;
                case 5: SetString(meta, "uid", m.ReadString()); break;
                case 6: SetString(meta, "resourceVersion", m.ReadString()); break;
                case 7:
                    var generation = m.ReadInt64();
                    if (generation != 0)
                    {
                        meta["generation"] = generation;
                    }

                    break;

                // A zero creationTimestamp is a struct in Go, written as null (it has no pointer to omit).
                case 8: meta["creationTimestamp"] = Time(Message(m)); break;
                case 9: meta["deletionTimestamp"] = Time(Message(m)); break;
                case 10: meta["deletionGracePeriodSeconds"] = m.ReadInt64(); break;
                case 11: AddEntry(m, Map(meta, "labels"), bytes: false); break;
                case 12: AddEntry(m, Map(meta, "annotations"), bytes: false); break;
                case 13: Array(meta, "ownerReferences").Add(OwnerReference(Message(m))); break;
                case 14: Array(meta, "finalizers").Add(m.ReadString()); break;
                default: m.SkipLastField(); break;
            }
        });
        return meta;
    }

    // OwnerReference: kind 1, name 3, uid 4, apiVersion 5, controller 6, blockOwnerDeletion 7.
    private static JsonObject OwnerReference(CodedInputStream input)
    {
        var owner = new JsonObject();
        ReadFields(input, (m, n) =>
        {
            switch (n)
            {
                case 1: owner["kind"] = m.ReadString(); break;
                case 3: owner["name"] = m.ReadString(); break;
                case 4: owner["uid"] = m.ReadString(); break;
                case 5: owner["apiVersion"] = m.ReadString(); break;
                case 6: owner["controller"] = m.ReadBool(); break;
                case 7: owner["blockOwnerDeletion"] = m.ReadBool(); break;
                default: m.SkipLastField(); break;
            }
        });

        // Go writes the fields in struct order: apiVersion, kind, name, uid, then the pointers.
        var ordered = new JsonObject();
        foreach (var key in (string[])["apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"])
        {
            if (owner[key] is { } value)
            {
                ordered[key] = value.DeepClone();
            }
        }

        return ordered;
    }

    // meta/v1 Time: seconds 1, nanos 2; JSON is RFC 3339 to the second, null when zero.
    private static JsonNode? Time(CodedInputStream input)
    {
        long seconds = 0;
        ReadFields(input, (m, n) =>
        {
            if (n == 1)
            {
                seconds = m.ReadInt64();
            }
            else
            {
                m.SkipLastField();
            }
        });
        return seconds == 0
            ? null
            : DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A map entry (key 1, value 2); bytes values become base64 as in JSON.</summary>
    private static void AddEntry(CodedInputStream input, JsonObject map, bool bytes)
    {
        string key = string.Empty, value = string.Empty;
        ReadFields(Message(input), (m, n) =>
        {
            switch (n)
            {
                case 1: key = m.ReadString(); break;
                case 2: value = bytes ? m.ReadBytes().ToBase64() : m.ReadString(); break;
                default: m.SkipLastField(); break;
            }
        });
        map[key] = value;
    }

    private static CodedInputStream Message(CodedInputStream input) => input.ReadBytes().CreateCodedInput();

    private static void ReadFields(CodedInputStream input, Action<CodedInputStream, int> field)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            field(input, WireFormat.GetTagFieldNumber(tag));
        }
    }

    private static void SetString(JsonObject obj, string name, string value)
    {
        if (value.Length > 0)
        {
            obj[name] = value;
        }
    }

    private static JsonObject Map(JsonObject obj, string name) =>
        obj[name] as JsonObject ?? (JsonObject)(obj[name] = new JsonObject());

    private static JsonArray Array(JsonObject obj, string name) =>
        obj[name] as JsonArray ?? (JsonArray)(obj[name] = new JsonArray());
}
