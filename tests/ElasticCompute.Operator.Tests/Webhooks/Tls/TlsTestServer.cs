using System.Net;
using ElasticCompute.Operator.Webhooks.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>Kestrel on 127.0.0.1 with a free port, serving whatever certificate the source holds at each handshake.</summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requests;

    private TlsTestServer(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Requests served (the webhook endpoint counts too).</summary>
    public int Requests => Volatile.Read(ref requests);

    public static async Task<TlsTestServer> StartAsync(ICertificateSource source, Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
            listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => source.Current })));
        var app = builder.Build();
        TlsTestServer? server = null;
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server!.requests);
            await next(context);
        });
        app.MapGet("/", () => "ok");
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new TlsTestServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
