using System.Collections.Concurrent;
using ElasticCompute.DevCluster.Server.Faults;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>Every request devcluster serves, with its headers as they arrived (one value per header line).</summary>
public sealed class RecordedRequests : IFaultInjector
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public IReadOnlyList<RecordedRequest> All => requests.ToArray();

    public ValueTask BeforeRequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers.ToDictionary(
            h => h.Key, h => (IReadOnlyList<string>)h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase);
        requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, headers));
        return ValueTask.CompletedTask;
    }
}
