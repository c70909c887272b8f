using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ElasticCompute.Operator.Serialization;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// Serves the admission webhooks over HTTPS (Kestrel). The certificate is chosen per connection from
/// <paramref name="certificate"/>, so a rotated certificate is served at once, without a restart, while requests on
/// open connections finish on the old one.
/// </summary>
internal sealed class WebhookServer(IReadOnlyList<IAdmissionHandler> handlers, Func<X509Certificate2> certificate, IWebhookObserver? observer = null) : IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The port served on, once started.</summary>
    public int Port { get; private set; }

    public async Task StartAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        // An empty builder: no configuration files (a slim builder would watch the working directory, the whole
        // tree below it, for appsettings.json changes), no logging providers; only Kestrel and routing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, Runtime.Hosting.CallerOwnedLifetime>();
        // Reviews are short CPU work that never blocks: answered on the socket's own thread, they do not wait in the
        // thread pool's queue behind reconciles (the API server waits on every one, with a 3 s budget).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 3 * 1024 * 1024; // the API server's own request limit
            k.Listen(address, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => certificate(),
                SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            }));
        });
        app = builder.Build();
        foreach (var handler in handlers)
        {
            app.MapPost(handler.Path, (HttpContext context) => ServeAsync(handler, context));
        }

        app.MapGet("/healthz", () => "ok");
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (Runtime.Hosting.ListenException.Reason(e) is { } why)
        {
            throw new Runtime.Hosting.ListenException($"cannot serve the admission webhooks on port {port}: {why}", e);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Port = bound is null ? port : new Uri(bound).Port;
    }

    private async Task ServeAsync(IAdmissionHandler handler, HttpContext context)
    {
        // The body is read first and the answer written last, so the time reported is the handler's own work
        // (parse, review, serialize), not the network's or the client's pace.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        AdmissionReview? review;
        try
        {
            review = JsonSerializer.Deserialize(body.GetBuffer().AsSpan(0, (int)body.Length), WebhookJsonContext.Default.AdmissionReview);
        }
        catch (JsonException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"not an AdmissionReview: {e.Message}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (review?.Request is not { } request)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("an AdmissionReview with a request is expected", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var response = handler.Review(request);
        var answer = JsonSerializer.SerializeToUtf8Bytes(new AdmissionReview { Response = response }, WebhookJsonContext.Default.AdmissionReview);
        observer?.Reviewed(handler.Path, response.Allowed, Stopwatch.GetElapsedTime(started));
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
