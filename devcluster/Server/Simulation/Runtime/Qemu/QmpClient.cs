using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>
/// A client of QEMU's machine protocol (QMP) on its unix socket: line-delimited JSON, a greeting, capabilities
/// negotiation, then commands answered by id with asynchronous events in between. Hand-written because the protocol
/// is a few lines of JSON and no maintained .NET QMP library is served.
/// </summary>
internal sealed class QmpClient : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> pending = new();
    private readonly CancellationTokenSource closed = new();
    private readonly Task reading;
    private long nextId;

    private QmpClient(Socket socket, Action<string, JsonObject?> onEvent)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        reading = Task.Run(() => ReadAsync(onEvent));
    }

    /// <summary>Connects, retrying while QEMU creates the socket, and negotiates capabilities.</summary>
    public static async Task<QmpClient> ConnectAsync(string path, Action<string, JsonObject?> onEvent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = await UnixSockets.ConnectAsync(path, timeout, cancellationToken).ConfigureAwait(false);
        var client = new QmpClient(socket, onEvent);
        await client.ExecuteAsync("qmp_capabilities", null, cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Runs one command; a QMP error becomes a <see cref="QmpException"/> with QEMU's description.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        var message = new JsonObject { ["execute"] = command, ["id"] = id };
        if (arguments is not null)
        {
            message["arguments"] = arguments;
        }

        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            pending.TryRemove(id, out _);
            throw new QmpException(command, "the QMP connection closed: " + e.Message);
        }
        finally
        {
            writing.Release();
        }

        using var registration = cancellationToken.Register(() => answer.TrySetCanceled(cancellationToken));
        return await answer.Task.ConfigureAwait(false);
    }

    /// <summary>A human monitor command (for what QMP has no command of its own, such as hostfwd_add); its output.</summary>
    public async Task<string> HumanAsync(string commandLine, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("human-monitor-command", new JsonObject { ["command-line"] = commandLine }, cancellationToken).ConfigureAwait(false);
        return result?.GetValue<string>() ?? string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        await closed.CancelAsync().ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Both);
        await stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await reading.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }

        closed.Dispose();
        writing.Dispose();
    }

    private async Task ReadAsync(Action<string, JsonObject?> onEvent)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            while (await reader.ReadLineAsync(closed.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0 || JsonNode.Parse(line) is not JsonObject message)
                {
                    continue;
                }

                if (message["event"]?.GetValue<string>() is { } name)
                {
                    onEvent(name, message["data"] as JsonObject);
                }
                else if (message["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var id) && pending.TryRemove(id, out var answer))
                {
                    if (message["error"] is JsonObject error)
                    {
                        answer.TrySetException(new QmpException("command " + id, error["desc"]?.GetValue<string>() ?? error.ToJsonString()));
                    }
                    else
                    {
                        answer.TrySetResult(message["return"]?.DeepClone());
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or JsonException or SocketException)
        {
        }
        finally
        {
            foreach (var waiting in pending.Values)
            {
                waiting.TrySetException(new QmpException("qmp", "QEMU closed its QMP connection"));
            }
        }
    }
}
