using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Faults;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Protobuf;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Tests.Protobuf;

public sealed class KubernetesProtobufTests
{
    // Bodies kubectl v1.32.4 sent to a recording listener (see KubectlCapture), kept so the decoder is
    // checked against real bytes even where kubectl is missing.
    private const string NamespaceX = "6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200";
    private const string ConfigMapCm = "6b3873000a0f0a0276311209436f6e6669674d617012240a120a02636d12001a0022002a0032003800420012060a016112016212060a01631201641a002200";
    private const string SecretS = "6b3873000a0c0a027631120653656372657412230a110a017312001a0022002a0032003800420012060a016b1201761a064f70617175651a002200";

    [Fact]
    public void A_namespace_from_kubectl_reads_as_kubectl_would_send_it_in_json()
    {
        Assert.Equal(
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x","creationTimestamp":null},"spec":{},"status":{}}""",
            Decode(Convert.FromHexString(NamespaceX)));
    }

    [Fact]
    public void A_configmap_from_kubectl_reads_as_json()
    {
        Assert.Equal(
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm","creationTimestamp":null},"data":{"a":"b","c":"d"}}""",
            Decode(Convert.FromHexString(ConfigMapCm)));
    }

    [Fact]
    public void A_secret_from_kubectl_has_its_data_in_base64()
    {
        Assert.Equal(
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null},"data":{"k":"dg=="},"type":"Opaque"}""",
            Decode(Convert.FromHexString(SecretS)));
    }

    [SkippableTheory]
    [InlineData("""{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","creationTimestamp":null},"spec":{},"status":{}}""", "create", "namespace", "team-a")]
    [InlineData("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cfg","namespace":"team-a","creationTimestamp":null},"data":{"mode":"fast","n":"1"}}""", "create", "configmap", "cfg", "-n", "team-a", "--from-literal=mode=fast", "--from-literal=n=1")]
    [InlineData("""{"kind":"Secret","apiVersion":"v1","metadata":{"name":"creds","creationTimestamp":null},"data":{"password":"czNjcjN0IQ=="}}""", "create", "secret", "generic", "creds", "--from-literal=password=s3cr3t!")]
    public async Task Live_kubectl_bodies_decode(string expected, params string[] args)
    {
        var (contentType, body) = await KubectlCapture.CaptureAsync(args);
        Assert.True(KubernetesProtobuf.IsProtobuf(contentType), contentType);
        Assert.Equal(expected, Decode(body));
    }

    [Fact]
    public void Metadata_maps_lists_and_pointers_decode()
    {
        var meta = Message(
            (1, Str("web")),
            (3, Str("team-a")),
            (7, Varint(3)),
            (8, Message((1, Varint(1_700_000_000)))),
            (11, Entry("app", Str("web"))),
            (11, Entry("tier", Str("front"))),
            (12, Entry("note", Str("hi"))),
            (13, Message((5, Str("v1")), (1, Str("Namespace")), (3, Str("team-a")), (4, Str("uid-1")), (6, Varint(1)))),
            (14, Str("example.com/cleanup")),
            (17, Message((1, Str("kubectl")))));
        var configMap = Message(
            (1, meta),
            (2, Entry("a", Str("1"))),
            (3, Entry("blob", Bytes([0, 1, 2, 255]))),
            (4, Varint(1)));
        Assert.Equal(
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"web","namespace":"team-a","generation":3,"creationTimestamp":"2023-11-14T22:13:20Z","labels":{"app":"web","tier":"front"},"annotations":{"note":"hi"},"ownerReferences":[{"apiVersion":"v1","kind":"Namespace","name":"team-a","uid":"uid-1","controller":true}],"finalizers":["example.com/cleanup"]},"data":{"a":"1"},"binaryData":{"blob":"AAEC/w=="},"immutable":true}""",
            Decode(Envelope("v1", "ConfigMap", configMap)));
    }

    [Fact]
    public void Secret_string_data_and_immutable_decode()
    {
        var secret = Message((1, Message((1, Str("s")))), (4, Entry("user", Str("admin"))), (3, Str("kubernetes.io/basic-auth")), (5, Varint(0)));
        Assert.Equal(
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"stringData":{"user":"admin"},"type":"kubernetes.io/basic-auth","immutable":false}""",
            Decode(Envelope("v1", "Secret", secret)));
    }

    [Theory]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("v1", "Pod")]
    [InlineData("kubevirt.io/v1", "VirtualMachine")]
    public void Other_kinds_are_for_the_caller_to_answer_415(string apiVersion, string kind)
    {
        Assert.Equal(KubernetesProtobufResult.UnsupportedKind, KubernetesProtobuf.TryDecode(Envelope(apiVersion, kind, Message((1, Message((1, Str("x")))))), out _));
    }

    [Fact]
    public void A_gzip_encoded_raw_is_unsupported()
    {
        var body = Concat("k8s\0"u8.ToArray(), Message((1, Message((1, Str("v1")), (2, Str("Namespace")))), (2, Message()), (3, Str("gzip"))));
        Assert.Equal(KubernetesProtobufResult.UnsupportedKind, KubernetesProtobuf.TryDecode(body, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("7b7d")] // {}: JSON, not protobuf
    [InlineData("6b387300ff")] // magic, then a damaged message
    [InlineData("6b3873000a0f0a02763112094e616d6573706163651219")] // cut short
    public void Damaged_bodies_are_malformed(string hex)
    {
        Assert.Equal(KubernetesProtobufResult.Malformed, KubernetesProtobuf.TryDecode(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public async Task ReadObjectAsync_answers_415_for_other_kinds()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = KubernetesProtobuf.MediaType;
        context.Request.Body = new MemoryStream(Envelope("apps/v1", "Deployment", Message()));
        var e = await Assert.ThrowsAsync<ApiException>(() => KubernetesProtobuf.ReadObjectAsync(context.Request));
        Assert.Equal(415, e.Code);
        Assert.Equal("UnsupportedMediaType", e.Reason);
    }

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf", true)]
    [InlineData("application/vnd.kubernetes.protobuf; charset=utf-8", true)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsProtobuf_reads_the_media_type(string? contentType, bool expected) =>
        Assert.Equal(expected, KubernetesProtobuf.IsProtobuf(contentType));

    /// <summary>
    /// kubectl create against a real devcluster, protobuf bodies decoded on the way in (by a test-only
    /// pre-request hook until ApiHandler calls the decoder itself) and JSON answers on the way out.
    /// </summary>
    [SkippableFact]
    public async Task Kubectl_creates_from_protobuf_and_accepts_json_answers()
    {
        var kubectl = KubectlCapture.Kubectl();
        await using var server = await DevClusterServer.StartAsync(new DevClusterOptions { Http = new ApiHandlerOptions { Faults = new ProtobufToJson() } });
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"devcluster-protobuf-{Guid.NewGuid():N}.yaml");
        server.WriteKubeconfig(kubeconfig);
        try
        {
            Assert.Equal("namespace/team-a created", await RunAsync(kubectl, kubeconfig, "create", "namespace", "team-a"));
            Assert.Equal("configmap/cfg created", await RunAsync(kubectl, kubeconfig, "create", "configmap", "cfg", "-n", "team-a", "--from-literal=mode=fast"));
            Assert.Equal("secret/creds created", await RunAsync(kubectl, kubeconfig, "create", "secret", "generic", "creds", "-n", "team-a", "--from-literal=password=s3cr3t!"));
            Assert.Equal("fast", await RunAsync(kubectl, kubeconfig, "get", "configmap", "cfg", "-n", "team-a", "-o", "jsonpath={.data.mode}"));
            Assert.Equal("czNjcjN0IQ==", await RunAsync(kubectl, kubeconfig, "get", "secret", "creds", "-n", "team-a", "-o", "jsonpath={.data.password}"));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static async Task<string> RunAsync(string kubectl, string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {await stderr}");
        return (await stdout).Trim();
    }

    private static string Decode(byte[] body)
    {
        Assert.Equal(KubernetesProtobufResult.Decoded, KubernetesProtobuf.TryDecode(body, out var obj));
        return obj.ToJsonString();
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        Concat("k8s\0"u8.ToArray(), Message((1, Message((1, Str(apiVersion)), (2, Str(kind)))), (2, raw), (3, Str(string.Empty)), (4, Str(string.Empty))));

    // Field values: a length-delimited payload (byte[]) or a varint (ulong), as gogo-protobuf writes them.
    private static byte[] Message(params (int Field, object Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            foreach (var (field, value) in fields)
            {
                if (value is ulong varint)
                {
                    output.WriteTag(field, WireFormat.WireType.Varint);
                    output.WriteUInt64(varint);
                }
                else
                {
                    output.WriteTag(field, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom((byte[])value));
                }
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Entry(string key, byte[] value) => Message((1, Str(key)), (2, value));

    private static byte[] Str(string value) => Encoding.UTF8.GetBytes(value);

    private static byte[] Bytes(byte[] value) => value;

    private static object Varint(long value) => (ulong)value;

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    /// <summary>Test-only: turns a protobuf body into JSON before the handler reads it.</summary>
    private sealed class ProtobufToJson : IFaultInjector
    {
        public async ValueTask BeforeRequestAsync(HttpContext context, CancellationToken cancellationToken)
        {
            if (KubernetesProtobuf.IsProtobuf(context.Request.ContentType))
            {
                var obj = await KubernetesProtobuf.ReadObjectAsync(context.Request);
                context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(obj.ToJsonString()));
                context.Request.ContentType = "application/json";
            }
        }
    }
}
