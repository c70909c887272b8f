using System.Net.WebSockets;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Hosting;
using ElasticCompute.Portal.Tenancy;

namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// GET /tenants/{tenant}/machines/{name}/console/socket (and .../display/socket): the browser's WebSocket to a machine's
/// serial console (and to its graphical console, the RFB stream of KubeVirt's vnc subresource). The
/// session cookie signs it in (the fallback policy), its Origin must be the portal's own (the CSRF check of a WebSocket,
/// which a browser opens cross-site with cookies), the tenant is checked as on every tenant page; then the portal opens
/// the VMI's console as the user and copies bytes both ways. A console the cluster refuses is still accepted, then
/// closed with a <see cref="ConsoleEnd"/>, because a page cannot read the status of a refused handshake.
/// </summary>
internal static partial class ConsoleSocketEndpoint
{
    public const string Pattern = "/tenants/{tenant}/machines/{name}/{page:regex(^(console|display)$)}/socket";

    public static void Map(IEndpointRouteBuilder app) => app.Map(Pattern, HandleAsync);

    private static async Task HandleAsync(
        HttpContext context, string tenant, string name, string page, TenantAccess access, MachineStore machines, ConsoleDialer dialer, ConsoleViewers viewers,
        PortalOptions options, ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(ConsoleSocketEndpoint));
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, "This address is the console's WebSocket; open the console page instead.").ConfigureAwait(false);
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!SameOrigin(context.Request, origin))
        {
            OriginRefused(log, context.User.Name(), origin.Length == 0 ? "(none)" : origin, context.Request.Path);
            await PlainAsync(context, StatusCodes.Status403Forbidden, "The console opens only from the portal's own pages.").ConfigureAwait(false);
            return;
        }

        ElasticCompute.Api.Machines.ElasticMachine? machine;
        try
        {
            machine = await access.AllowsAsync(context.User, tenant, context).ConfigureAwait(false)
                ? await machines.GetAsync(tenant, name, context.RequestAborted).ConfigureAwait(false)
                : null;
        }
        catch (Exception e) when (ClusterProblem.IsUnavailable(e))
        {
            await PlainAsync(context, StatusCodes.Status503ServiceUnavailable, ClusterProblem.Unavailable).ConfigureAwait(false);
            return;
        }

        if (machine is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var vmi = MachineConsole.VmiName(machine);
        var kind = ConsoleKind.OfPage(page);
        using var claim = viewers.Claim(tenant, vmi, kind);
        WebSocket? upstream = null;
        ConsoleEnd? refused = null;
        try
        {
            upstream = await dialer.OpenAsync(tenant, vmi, kind, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ConsoleRefusedException e)
        {
            refused = e.End;
        }

        using var browser = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.ConsolePingInterval,
            KeepAliveTimeout = options.ConsolePingInterval,
        }).ConfigureAwait(false);
        if (upstream is null)
        {
            await CloseRefusedAsync(browser, refused ?? ConsoleEnd.Unavailable).ConfigureAwait(false);
            return;
        }

        using (upstream)
        using (var bridge = new ConsoleBridge(browser, upstream))
        {
            var user = context.User.Name();
            Opened(log, user, tenant, vmi, kind.Subresource);
            var why = await bridge.RunAsync(claim.TakenOver).ConfigureAwait(false);
            Closed(log, user, tenant, vmi, kind.Subresource, why.Code);
        }
    }

    /// <summary>The Origin a browser sends is scheme://host[:port], the portal's own as this request reached it.</summary>
    private static bool SameOrigin(HttpRequest request, string origin) =>
        origin.Length > 0 && string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);

    private static async Task CloseRefusedAsync(WebSocket browser, ConsoleEnd end)
    {
        try
        {
            await browser.CloseOutputAsync((WebSocketCloseStatus)end.Code, end.Reason, CancellationToken.None).ConfigureAwait(false);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await browser.ReceiveAsync(new byte[1024], wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The page left before it answered the close frame.
        }
    }

    private static Task PlainAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "console origin refused: {User} opened {Path} from origin {Origin}; answered 403")]
    private static partial void OriginRefused(ILogger logger, string user, string origin, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "console opened: {User} on {Tenant}/{Vmi} ({Subresource})")]
    private static partial void Opened(ILogger logger, string user, string tenant, string vmi, string subresource);

    [LoggerMessage(Level = LogLevel.Information, Message = "console closed: {User} on {Tenant}/{Vmi} ({Subresource}, close code {Code})")]
    private static partial void Closed(ILogger logger, string user, string tenant, string vmi, string subresource, int code);
}
