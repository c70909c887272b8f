using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Admission;
using ElasticCompute.DevCluster.Server.Hosting;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Tests.Admission;

/// <summary>A devcluster with the admission module, an HTTP client for it, and builders for webhook configurations.</summary>
internal sealed class AdmissionCluster : IAsyncDisposable
{
    private AdmissionCluster(DevClusterServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.Url };
    }

    public DevClusterServer Server { get; }

    public HttpClient Http { get; }

    public ResourceRegistry Registry => Server.Registry;

    public static async Task<AdmissionCluster> StartAsync(TimeProvider? time = null)
    {
        var options = new DevClusterOptions { Modules = [new AdmissionModule()], Time = time ?? TimeProvider.System };
        return new AdmissionCluster(await DevClusterServer.StartAsync(options));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Creates a webhook configuration through the registry.</summary>
    public async Task ApplyAsync(string kind, string name, params JsonObject[] webhooks)
    {
        Registry.Catalog.TryGet("admissionregistration.k8s.io", "v1", kind.ToLowerInvariant() + "s", out var type);
        var config = new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["webhooks"] = new JsonArray(webhooks),
        };
        await Registry.CreateAsync(type, string.Empty, config, WriteOptions.Default);
    }

    public Task MutatingAsync(string name, params JsonObject[] webhooks) => ApplyAsync("MutatingWebhookConfiguration", name, webhooks);

    public Task ValidatingAsync(string name, params JsonObject[] webhooks) => ApplyAsync("ValidatingWebhookConfiguration", name, webhooks);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> CreateConfigMapAsync(string ns, string name, JsonObject? labels = null, string query = "") =>
        SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps{query}", ConfigMap(name, labels));

    public static JsonObject ConfigMap(string name, JsonObject? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels ?? new JsonObject() },
        ["data"] = new JsonObject { ["k"] = "v" },
    };

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static IReadOnlyList<string> Warnings(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Warning", out var values) ? values.ToList() : [];

    public static JsonObject Rule(string[] operations, string[] resources, string group = "", string version = "v1", string? scope = null)
    {
        var rule = new JsonObject
        {
            ["operations"] = new JsonArray(operations.Select(o => (JsonNode)o).ToArray()),
            ["apiGroups"] = new JsonArray(group),
            ["apiVersions"] = new JsonArray(version),
            ["resources"] = new JsonArray(resources.Select(r => (JsonNode)r).ToArray()),
        };
        if (scope is not null)
        {
            rule["scope"] = scope;
        }

        return rule;
    }

    /// <summary>A webhook calling <paramref name="url"/>, for the given rules; tests add or change fields.</summary>
    public static JsonObject Hook(string name, string url, string caBundle, params JsonObject[] rules) => new()
    {
        ["name"] = name,
        ["clientConfig"] = new JsonObject { ["url"] = url, ["caBundle"] = caBundle },
        ["rules"] = new JsonArray(rules),
        ["sideEffects"] = "None",
        ["admissionReviewVersions"] = new JsonArray("v1"),
    };

    public static JsonObject Allow() => new() { ["allowed"] = true };

    public static JsonObject Patch(params JsonObject[] operations) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonArray(operations).ToJsonString())),
    };
}
