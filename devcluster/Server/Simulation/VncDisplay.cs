using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Simulation.Runtime;
using ElasticCompute.DevCluster.Server.Simulation.Vnc;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// virt-api's GET virtualmachineinstances/{name}/vnc: a WebSocket (subprotocol plain.kubevirt.io, binary frames)
/// carrying the raw RFB stream of the guest's display (<see cref="IVmRuntime.Display"/>) both ways, answered as the
/// console is: 404 for no VMI, 409 when it Failed, 400 when it is not running. One viewer per VMI: a new connection
/// takes over and the previous is closed saying so (virt-api's <c>preserveSession</c> is not offered).
/// </summary>
internal sealed class VncDisplay(ResourceRegistry registry, IVmRuntime runtime)
{
    private readonly DisplayViewers viewers = new();

    public async Task HandleAsync(HttpContext context, ResourceType type, RequestInfo request)
    {
        var vmi = GuestSubresource.Vmi(registry, request);
        if (runtime.Display(vmi) is not { } display)
        {
            throw GuestSubresource.NotRunning();
        }

        using var socket = await GuestSubresource.AcceptAsync(context).ConfigureAwait(false);
        using var claim = viewers.Take($"{request.Namespace}/{request.Name}");
        var guest = await display.ConnectAsync(context.RequestAborted).ConfigureAwait(false);
        await using (guest.ConfigureAwait(false))
        {
            await DisplayBridge.RunAsync(socket, guest, claim.TakenOver, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
