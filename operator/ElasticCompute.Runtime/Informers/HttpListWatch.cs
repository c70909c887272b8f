using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// List and watch over the client's own HttpClient (so its TLS and auth apply), with paging, bookmarks and
/// server timeouts. Hand-written because the client's typed watch helpers are obsolete, hide 410s inside
/// callbacks and cannot ask for bookmarks.
/// </summary>
internal sealed class HttpListWatch<T>(Kubernetes client, ResourceKind kind, string? ns) : IListWatch<T>
    where T : class
{
    public async Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"limit={request.Limit}"));
        Append(query, "continue", request.Continue);
        Append(query, "labelSelector", request.LabelSelector);
        using var response = await SendAsync(query.ToString(), cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await ListStreamReader<T>.ReadAsync(stream, request.IsHeld, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"watch=true&allowWatchBookmarks=true&timeoutSeconds={request.TimeoutSeconds}"));
        Append(query, "resourceVersion", request.ResourceVersion);
        Append(query, "labelSelector", request.LabelSelector);

        // A watch the server never ends (a half-open connection) must not hang the informer forever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(request.TimeoutSeconds + 60));
        var token = deadline.Token;
        using var response = await SendAsync(query.ToString(), token).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);

        // Events are read as UTF-8 lines and parsed where they lie: no string per event, no second parse.
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await reader.ReadAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    yield break; // our own deadline: resume like a server timeout
                }

                var buffer = read.Buffer;
                var events = new List<WatchEvent<T>>();
                while (TryReadLine(ref buffer, out var line))
                {
                    if (!line.IsEmpty)
                    {
                        events.Add(ParseEvent(line));
                    }
                }

                // A last line without its newline still counts once the server has ended the stream.
                if (read.IsCompleted && !buffer.IsEmpty)
                {
                    events.Add(ParseEvent(buffer));
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var e in events)
                {
                    yield return e;
                }

                if (read.IsCompleted)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    internal static WatchEvent<T> ParseEvent(string line) => ParseEvent(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)));

    /// <summary>
    /// One watch event. The API server writes <c>type</c> before <c>object</c>, so the object deserializes straight
    /// from the reader; any other order falls back to a parsed document.
    /// </summary>
    internal static WatchEvent<T> ParseEvent(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        string? typeText = null;
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    typeText = reader.GetString();
                }
                else if (reader.ValueTextEquals("object"u8) && typeText is "ADDED" or "MODIFIED" or "DELETED")
                {
                    reader.Read();
                    return new WatchEvent<T>(TypeOf(typeText), ClientJson.Deserialize<T>(ref reader));
                }
                else
                {
                    break;
                }
            }
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        typeText = root.GetProperty("type").GetString();
        var obj = root.GetProperty("object");
        switch (typeText)
        {
            case "ADDED" or "MODIFIED" or "DELETED":
                return new WatchEvent<T>(TypeOf(typeText), ClientJson.Deserialize<T>(obj));
            case "BOOKMARK":
                var rv = obj.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var r) ? r.GetString() : null;
                return new WatchEvent<T>(WatchEventType.Bookmark, null, rv);
            case "ERROR":
                return new WatchEvent<T>(WatchEventType.Error, null, null, ClientJson.Deserialize<V1Status>(obj));
            default:
                throw new ApiStatusException(0, null, $"unknown watch event type \"{typeText}\"");
        }
    }

    private static WatchEventType TypeOf(string type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        _ => WatchEventType.Deleted,
    };

    private async Task<HttpResponseMessage> SendAsync(string query, CancellationToken cancellationToken)
    {
        var baseUri = client.BaseUri.ToString().TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{baseUri}/{kind.CollectionPath(ns)}?{query}"));
        request.Headers.Accept.ParseAdd("application/json");
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            V1Status? status = null;
            try
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                status = KubernetesJson.Deserialize<V1Status>(body);
            }
            catch (JsonException)
            {
                // not a Status body (a proxy's page, for example); the code is enough
            }

            throw new ApiStatusException((int)response.StatusCode, status,
                status?.Message ?? $"{kind.Plural}: the API answered {(int)response.StatusCode} {response.StatusCode}");
        }
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
