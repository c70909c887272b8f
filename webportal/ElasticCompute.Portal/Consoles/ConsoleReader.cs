using System.Net.WebSockets;
using ElasticCompute.Portal.Hosting;

namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// The text console's short visit to a VMI's console: connect (taking the console over, as any viewer does), read
/// until it has been quiet for a moment or a cap passed, optionally type, read the answer the same way, and close.
/// What it returns is what this connection read: against KubeVirt, which replays nothing, that is the answer to what
/// was typed; devcluster also replays its scroll-back first.
/// </summary>
internal sealed class ConsoleReader(ConsoleDialer dialer, ConsoleViewers viewers, PortalOptions options)
{
    /// <summary>No byte for this long: the console has said what it had to say.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest a read waits, however chatty the console is.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    /// <summary>Reads what the console shows now, then (with <paramref name="input"/>) types it and reads what came back.</summary>
    /// <exception cref="ConsoleRefusedException">The cluster did not open the console.</exception>
    public async Task<ConsoleRead> ReadAsync(string @namespace, string vmi, byte[]? input, CancellationToken cancellationToken)
    {
        using var claim = viewers.Claim(@namespace, vmi, ConsoleKind.Serial);
        using var socket = await dialer.OpenAsync(@namespace, vmi, ConsoleKind.Serial, cancellationToken).ConfigureAwait(false);
        using var visit = new ConsoleVisit(socket, claim.TakenOver, options.Time);
        await visit.ReadAsync(input is null ? Cap : Cap / 2).ConfigureAwait(false);
        var before = visit.TakeText();
        var after = string.Empty;
        if (input is not null && !visit.Over)
        {
            await socket.SendAsync(input, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            await visit.ReadAsync(Cap).ConfigureAwait(false);
            after = visit.TakeText();
        }

        await visit.CloseAsync().ConfigureAwait(false);
        return new ConsoleRead(before, after);
    }
}
