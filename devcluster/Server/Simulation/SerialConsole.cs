using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Http;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>
/// virt-api's GET virtualmachineinstances/{name}/console: a WebSocket (subprotocol plain.kubevirt.io, binary frames)
/// onto the serial console of a Running VMI. It replays a short boot log stamped with the injected clock, prints the
/// login prompt, and echoes what the client types.
/// </summary>
internal sealed class SerialConsole(ResourceRegistry registry, TimeProvider time, SimulationOptions options)
{
    private const string SubProtocol = "plain.kubevirt.io";

    public async Task HandleAsync(HttpContext context, ResourceType type, RequestInfo request)
    {
        if (request.Name is null || request.Namespace.Length == 0)
        {
            throw ApiException.PathNotFound();
        }

        var vmiType = SimTypes.Vmis(registry);
        var vmi = registry.GetObject(vmiType, request.Namespace, request.Name);
        if (SimJson.Str(vmi["status"]?["phase"]) != "Running" || ObjectMeta.IsDeleting(vmi))
        {
            throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"{request.Name}\": VMI is not running")
            {
                Name = request.Name,
                Group = SimTypes.KubeVirtGroup,
                DetailKind = "virtualmachineinstance",
            };
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header");
        }

        var protocol = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol) ? SubProtocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        var cancellationToken = context.RequestAborted;
        var name = request.Name;
        var started = DateTimeOffset.TryParse(
            SimJson.Str((vmi["status"]?["phaseTransitionTimestamps"] as System.Text.Json.Nodes.JsonArray)?.LastOrDefault()?["phaseTransitionTimestamp"]),
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : time.GetUtcNow();
        try
        {
            foreach (var line in BootLog(name))
            {
                var uptime = (time.GetUtcNow() - started).TotalSeconds;
                await SendAsync(socket, string.Create(CultureInfo.InvariantCulture, $"[{uptime,12:F6}] {line}\r\n"), cancellationToken).ConfigureAwait(false);
                if (options.ConsoleLineDelay > TimeSpan.Zero)
                {
                    await Task.Delay(options.ConsoleLineDelay, time, cancellationToken).ConfigureAwait(false);
                }
            }

            await SendAsync(socket, $"\r\nUbuntu 24.04 LTS {name} ttyS0\r\n\r\n{name} login: ", cancellationToken).ConfigureAwait(false);
            var buffer = new byte[4096];
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                    break;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Binary, received.EndOfMessage, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server stops.
        }
    }

    private static string[] BootLog(string name) =>
    [
        "Linux version 6.8.0-devcluster (buildd@devcluster) #1 SMP PREEMPT_DYNAMIC",
        "Command line: BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro console=ttyS0",
        "KVM: devcluster hypervisor detected",
        "virtio_blk virtio2: [vda] disk attached",
        "EXT4-fs (vda1): mounted filesystem with ordered data mode",
        $"systemd[1]: Set hostname to <{name}>.",
        "cloud-init[512]: Cloud-init finished",
    ];

    private static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Binary, true, cancellationToken);
}
