using System.Collections.Concurrent;
using System.Net;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>The end of a handler chain: keeps each request's URI and headers and answers 200 with an empty object.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, headers));
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
    }
}
