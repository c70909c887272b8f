using ElasticCompute.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace ElasticCompute.Runtime.Health;

/// <summary>/healthz (every watch healthy), /readyz (every cache synced) and /metrics (the manager's registry).</summary>
public static class RuntimeEndpoints
{
    public static IEndpointRouteBuilder MapRuntimeEndpoints(this IEndpointRouteBuilder endpoints, Manager manager)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(manager);
        endpoints.MapGet("/healthz", (HttpContext context) => Answer(context, manager.UnhealthyInformers()));
        endpoints.MapGet("/readyz", (HttpContext context) => Answer(context, manager.UnsyncedInformers()));
        endpoints.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await manager.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        return endpoints;
    }

    private static Task Answer(HttpContext context, IReadOnlyList<string> failing)
    {
        context.Response.ContentType = "text/plain";
        if (failing.Count == 0)
        {
            return context.Response.WriteAsync("ok", context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return context.Response.WriteAsync($"not ok: {string.Join(", ", failing)}", context.RequestAborted);
    }
}
