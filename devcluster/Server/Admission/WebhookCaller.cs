using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>
/// POSTs AdmissionReviews as kube's webhook client does: HTTPS only, <c>?timeout=Ns</c> on the URL, the
/// webhook's timeout as a deadline, and Go's words for what went wrong (they end up in users' error messages).
/// </summary>
internal sealed class WebhookCaller(TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<(string Url, string CaBundle), Lazy<WebhookEndpoint>> endpoints = new();

    public async Task<JsonNode?> PostAsync(Webhook webhook, JsonObject review, CancellationToken cancellationToken)
    {
        var url = Target(webhook);
        var timeout = $"timeout={webhook.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)}s";
        var target = url.Query.Length > 0 ? $"{url}&{timeout}" : $"{url}?{timeout}";
        var caBundle = (string?)webhook.ClientConfig["caBundle"] ?? string.Empty;
        WebhookEndpoint endpoint;
        try
        {
            endpoint = endpoints.GetOrAdd((url.ToString(), caBundle), key => new Lazy<WebhookEndpoint>(() => new WebhookEndpoint(url, key.CaBundle))).Value;
        }
        catch (InvalidDataException e)
        {
            endpoints.TryRemove((url.ToString(), caBundle), out _);
            throw new WebhookCallException(webhook.Name, $"could not get REST client: {e.Message}");
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(webhook.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        byte[] body;
        int status;
        try
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(review));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
            request.Headers.Accept.ParseAdd("application/json, */*");
            using var response = await endpoint.Client.SendAsync(request, linked.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Failed(webhook, $"Post \"{target}\": context deadline exceeded");
        }
        catch (HttpRequestException e)
        {
            throw Failed(webhook, $"Post \"{target}\": {Describe(e, url, endpoint)}");
        }

        if (status is < 200 or > 299)
        {
            throw Failed(webhook, ServerError(status, body));
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw Failed(webhook, e.Message);
        }
    }

    public void Dispose()
    {
        foreach (var endpoint in endpoints.Values.Where(e => e.IsValueCreated))
        {
            endpoint.Value.Dispose();
        }

        endpoints.Clear();
    }

    private static Uri Target(Webhook webhook)
    {
        if (webhook.ClientConfig["url"] is JsonValue value && (string?)value is { Length: > 0 } text)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
            {
                throw new WebhookCallException(webhook.Name, $"could not get REST client: parse \"{text}\": invalid URI");
            }

            return url.Scheme == Uri.UriSchemeHttps
                ? url
                : throw new WebhookCallException(webhook.Name, $"could not get REST client: webhook URL scheme must be https, got \"{url.Scheme}\"");
        }

        if (webhook.ClientConfig["service"] is JsonObject service)
        {
            // devcluster runs no Services: kube's resolver would find no endpoint for it either.
            var name = (string?)service["name"] ?? string.Empty;
            var ns = (string?)service["namespace"] ?? string.Empty;
            var port = service["port"] is JsonValue p && p.TryGetValue<int>(out var number) ? number : 443;
            var path = (string?)service["path"] ?? string.Empty;
            var timeout = webhook.TimeoutSeconds.ToString(CultureInfo.InvariantCulture);
            throw Failed(webhook, $"Post \"https://{name}.{ns}.svc:{port.ToString(CultureInfo.InvariantCulture)}{path}?timeout={timeout}s\": service \"{name}\" not found");
        }

        throw new WebhookCallException(webhook.Name, "could not get REST client: webhook clientConfig was missing both url and service");
    }

    private static WebhookCallException Failed(Webhook webhook, string error) => new(webhook.Name, $"failed to call webhook: {error}");

    /// <summary>client-go's text for a non-2xx answer: the Status it carries, or the generic server error.</summary>
    private static string ServerError(int status, byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject { } o && (string?)o["kind"] == "Status" && (string?)o["message"] is { Length: > 0 } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        return status >= 500
            ? $"an error on the server (\"{text}\") has prevented the request from succeeding"
            : $"the server rejected our request for an unknown reason (\"{text}\")";
    }

    /// <summary>Go's net/http and crypto/tls wording for a failed request.</summary>
    private static string Describe(HttpRequestException error, Uri url, WebhookEndpoint endpoint)
    {
        var hostPort = $"{url.Host}:{url.Port.ToString(CultureInfo.InvariantCulture)}";
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"dial tcp {hostPort}: connect: connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData }:
                    return $"dial tcp: lookup {url.Host}: no such host";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return $"dial tcp {hostPort}: i/o timeout";
                case SocketException socket:
                    return $"dial tcp {hostPort}: {socket.Message}";
                case AuthenticationException authentication:
                    return endpoint.LastFailure is { } failure
                        ? $"tls: failed to verify certificate: {failure}"
                        : $"tls: {authentication.Message}";
            }
        }

        return error.Message;
    }
}
