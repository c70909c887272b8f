using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>What virt-api's WebSocket subresources of a VMI (console, vnc) check and answer alike.</summary>
internal static class GuestSubresource
{
    public const string SubProtocol = "plain.kubevirt.io";

    /// <summary>How long a viewer closed by the server has to answer the close frame.</summary>
    public static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    /// <summary>The VMI the request names: 404 when there is none, 409 when it Failed.</summary>
    public static JsonObject Vmi(ResourceRegistry registry, RequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Name is null || request.Namespace.Length == 0)
        {
            throw ApiException.PathNotFound();
        }

        var vmi = registry.GetObject(SimTypes.Vmis(registry), request.Namespace, request.Name);
        if (SimJson.Str(vmi["status"]?["phase"]) == "Failed")
        {
            throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"{request.Name}\": VMI is in failed status")
            {
                Name = request.Name,
                Group = SimTypes.KubeVirtGroup,
                DetailKind = "virtualmachineinstance",
            };
        }

        return vmi;
    }

    /// <summary>400 as virt-api words it.</summary>
    public static ApiException NotRunning() => ApiException.BadRequest("VMI is not running");

    /// <summary>Accepts the upgrade (400 when the request is not one), with the subprotocol when the client asked for it.</summary>
    public static Task<WebSocket> AcceptAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header");
        }

        var protocol = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol) ? SubProtocol : null;
        return context.WebSockets.AcceptWebSocketAsync(protocol);
    }
}
