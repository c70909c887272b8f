using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.DevCluster.Tests.Admission;

/// <summary>
/// A real HTTPS admission webhook on 127.0.0.1: Kestrel with a certificate from a test CA. Each path has a
/// handler that gets the AdmissionReview's request and returns its response (uid filled in unless set).
/// </summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 ca;
    private readonly X509Certificate2 certificate;
    private readonly ConcurrentDictionary<string, Func<JsonObject, HttpContext, Task<JsonObject>>> handlers = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> requests = new();

    private WebhookServer(WebApplication app, X509Certificate2 ca, X509Certificate2 certificate)
    {
        this.app = app;
        this.ca = ca;
        this.certificate = certificate;
    }

    public int Port { get; private set; }

    public string CaBundle => TestCertificates.CaBundle(ca);

    /// <summary>Starts the server; <paramref name="dnsNames"/> alone (no IP SAN) makes a certificate that does not name 127.0.0.1.</summary>
    public static async Task<WebhookServer> StartAsync(params string[] dnsNames)
    {
        var ca = TestCertificates.CreateCa("admission-test-ca");
        var certificate = TestCertificates.CreateServer(ca, ipSan: dnsNames.Length == 0, dnsNames);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var server = new WebhookServer(app, ca, certificate);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.Port = address.Port;
        return server;
    }

    public string Url(string path) => $"https://127.0.0.1:{Port}/{path}";

    public void Handle(string path, Func<JsonObject, JsonObject> handler) => handlers[path] = (request, _) => Task.FromResult(handler(request));

    public void Handle(string path, Func<JsonObject, HttpContext, Task<JsonObject>> handler) => handlers[path] = handler;

    /// <summary>The AdmissionReview requests a path received, in order.</summary>
    public IReadOnlyList<JsonObject> Requests(string path) => requests.TryGetValue(path, out var queue) ? queue.ToArray() : [];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
        ca.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        var review = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var request = review["request"]!.AsObject();
        request["_query"] = context.Request.QueryString.Value;
        requests.GetOrAdd(path, _ => new()).Enqueue(request);
        if (!handlers.TryGetValue(path, out var handler))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var response = await handler(request, context);
        if (response["uid"] is null)
        {
            response["uid"] = (string?)request["uid"];
        }

        var answer = new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }
}
