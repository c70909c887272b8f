using System.Net;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tenancy;
using Microsoft.AspNetCore.Http.Features;

namespace ElasticCompute.Portal.Live;

/// <summary>
/// GET /tenants/{tenant}/live[?machine=NAME][&amp;since=ID]: server-sent events of a tenant's machines (or one), fed
/// by the shared <see cref="MachineCatalog"/>, so an open page costs a queue, not a watch. The tenant is checked as on
/// every page; a stream ends after <see cref="PortalOptions.LiveStreamLifetime"/> and the browser reconnects (with
/// Last-Event-ID), so a session that ended meanwhile is refused then.
/// </summary>
internal static class LiveEndpoint
{
    public const string Route = "/tenants/{tenant}/live";

    public static string PathOf(string tenant) => $"/tenants/{Uri.EscapeDataString(tenant)}/live";

    public static void MapLiveStatus(this IEndpointRouteBuilder endpoints) => endpoints.MapGet(Route, StreamAsync);

    private static async Task StreamAsync(HttpContext context, string tenant, string? machine, string? since)
    {
        var services = context.RequestServices;
        var catalog = services.GetRequiredService<MachineCatalog>();
        var options = services.GetRequiredService<PortalOptions>();
        var aborted = context.RequestAborted;
        try
        {
            if (!await services.GetRequiredService<TenantAccess>().AllowsAsync(context.User, tenant, context).ConfigureAwait(false))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await services.GetRequiredService<MachineStore>().EnsureMayListAsync(tenant, aborted).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        catch (Exception e) when (ClusterProblem.IsUnavailable(e))
        {
            // EventSource retries on its own after the retry interval.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        using var subscription = catalog.Subscribe(tenant, string.IsNullOrEmpty(machine) ? null : machine, string.IsNullOrEmpty(lastEventId) ? since : lastEventId);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var lifetime = new CancellationTokenSource(options.LiveStreamLifetime, options.Time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.Token);
        try
        {
            await response.Body.WriteAsync(LiveEvent.Opening, stop.Token).ConfigureAwait(false);
            if (subscription.MustResync)
            {
                await response.Body.WriteAsync(LiveEvent.Resync(catalog.IdOf(catalog.Sequence)), stop.Token).ConfigureAwait(false);
            }

            foreach (var change in subscription.Missed)
            {
                await response.Body.WriteAsync(LiveEvent.Machine(change, catalog), stop.Token).ConfigureAwait(false);
            }

            await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            await PumpAsync(subscription, catalog, options, response.Body, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page went away, or the stream's lifetime ended: the browser reconnects.
        }
        catch (IOException)
        {
            // The connection broke.
        }
    }

    private static async Task PumpAsync(MachineSubscription subscription, MachineCatalog catalog, PortalOptions options, Stream body, CancellationToken stop)
    {
        var reader = subscription.Changes;
        while (true)
        {
            bool more;
            using (var idle = new CancellationTokenSource(options.LiveKeepAlive, options.Time))
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop, idle.Token))
            {
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    // Nothing for a while: a comment keeps proxies from closing an idle stream.
                    await body.WriteAsync(LiveEvent.KeepAlive, stop).ConfigureAwait(false);
                    await body.FlushAsync(stop).ConfigureAwait(false);
                    continue;
                }
            }

            if (!more)
            {
                return;
            }

            if (subscription.TakeOverflow())
            {
                // Changes were dropped while this page was slow: what is queued may have gaps, so it reads the page again.
                while (reader.TryRead(out _))
                {
                }

                await body.WriteAsync(LiveEvent.Resync(catalog.IdOf(catalog.Sequence)), stop).ConfigureAwait(false);
            }

            while (reader.TryRead(out var change))
            {
                await body.WriteAsync(LiveEvent.Machine(change, catalog), stop).ConfigureAwait(false);
            }

            await body.FlushAsync(stop).ConfigureAwait(false);
        }
    }
}
