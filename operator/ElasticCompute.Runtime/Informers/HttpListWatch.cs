using System.Globalization;
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
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                yield break; // our own deadline: resume like a server timeout
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            yield return ParseEvent(line);
        }
    }

    internal static WatchEvent<T> ParseEvent(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var typeText = root.GetProperty("type").GetString();
        var obj = root.GetProperty("object");
        switch (typeText)
        {
            case "ADDED":
                return new WatchEvent<T>(WatchEventType.Added, ClientJson.Deserialize<T>(obj));
            case "MODIFIED":
                return new WatchEvent<T>(WatchEventType.Modified, ClientJson.Deserialize<T>(obj));
            case "DELETED":
                return new WatchEvent<T>(WatchEventType.Deleted, ClientJson.Deserialize<T>(obj));
            case "BOOKMARK":
                var rv = obj.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var r) ? r.GetString() : null;
                return new WatchEvent<T>(WatchEventType.Bookmark, null, rv);
            case "ERROR":
                return new WatchEvent<T>(WatchEventType.Error, null, null, ClientJson.Deserialize<V1Status>(obj));
            default:
                throw new ApiStatusException(0, null, $"unknown watch event type \"{typeText}\"");
        }
    }

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
