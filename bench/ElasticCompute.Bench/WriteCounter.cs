using System.Collections.Concurrent;

namespace ElasticCompute.Bench;

/// <summary>
/// Sits in the operator's HttpClient and counts what it asks of the API server: writes split into
/// object writes, status writes and events, and LISTs (so a relist can be seen to have happened).
/// </summary>
internal sealed class WriteCounter : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, int> byRequest = new(StringComparer.Ordinal);
    private int objects;
    private int statuses;
    private int events;
    private int lists;

    public WriteCounts Snapshot() => new(
        Volatile.Read(ref objects),
        Volatile.Read(ref statuses),
        Volatile.Read(ref events),
        Volatile.Read(ref lists),
        byRequest.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Count(request);
        return base.SendAsync(request, cancellationToken);
    }

    private void Count(HttpRequestMessage request)
    {
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        if (method == "GET")
        {
            if (!(request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) ?? false) && IsCollection(path))
            {
                Interlocked.Increment(ref lists);
            }

            return;
        }

        if (path.Contains("/events", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref events);
        }
        else if (path.EndsWith("/status", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref statuses);
        }
        else
        {
            Interlocked.Increment(ref objects);
        }

        byRequest.AddOrUpdate($"{method} {Shape(path)}", 1, (_, n) => n + 1);
    }

    /// <summary>The resource (and subresource) of a path: /apis/g/v/namespaces/ns/plural/name/status -> plural/status.</summary>
    private static string Shape(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = parts.Length > 0 && parts[0] == "api" ? parts[2..] : parts.Length > 2 ? parts[3..] : [];
        if (rest.Length >= 2 && rest[0] == "namespaces" && rest.Length > 2)
        {
            rest = rest[2..];
        }

        return rest.Length switch
        {
            0 => path,
            1 or 2 => rest[0],
            _ => $"{rest[0]}/{rest[2]}",
        };
    }

    private static bool IsCollection(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = parts.Length > 0 && parts[0] == "api" ? parts[2..] : parts.Length > 2 ? parts[3..] : [];
        return rest.Length == 1 || (rest.Length == 3 && rest[0] == "namespaces");
    }
}
