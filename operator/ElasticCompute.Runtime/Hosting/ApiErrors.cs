using System.Text.Json;
using k8s.Autorest;

namespace ElasticCompute.Runtime.Hosting;

/// <summary>An API server's refusal in one line a person can act on, for logs that retry: the status and the Status message.</summary>
public static class ApiErrors
{
    /// <summary>
    /// "404 NotFound: namespaces \"x\" not found" for an API answer (the message from its Status body when there is one),
    /// else the exception's own message (a connection refused, a timeout).
    /// </summary>
    public static string Describe(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is not HttpOperationException { Response: { } response })
        {
            return failure.InnerException is { } inner && failure is HttpRequestException ? $"{failure.Message} ({inner.Message})" : failure.Message;
        }

        var status = $"{(int)response.StatusCode} {response.StatusCode}";
        return StatusMessage(response.Content) is { } message ? $"{status}: {message}" : status;
    }

    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return body.Length <= 200 ? body : body[..200]; // not a Status: a proxy's page, say
        }
    }
}
