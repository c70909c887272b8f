using System.Collections.Concurrent;
using ElasticCompute.DevCluster.Server.Faults;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.Operator.Tests.Integration;

/// <summary>
/// Sits in front of the fault injector and notes every write request the API server receives over HTTP
/// (the simulated KubeVirt and CDI write in-process, so what is noted here is the operator's and the test's).
/// </summary>
public sealed class WriteLog(FaultInjector faults) : IFaultInjector
{
    private readonly ConcurrentQueue<string> writes = new();

    public FaultInjector Faults { get; } = faults;

    /// <summary>Every write so far, as "METHOD path".</summary>
    public IReadOnlyList<string> All => [.. writes];

    public int Count => writes.Count;

    public ValueTask BeforeRequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        if (method is "POST" or "PUT" or "PATCH" or "DELETE" && !path.StartsWith(FaultInjector.AdminPath, StringComparison.Ordinal))
        {
            writes.Enqueue($"{method} {path}");
        }

        return Faults.BeforeRequestAsync(context, cancellationToken);
    }

    /// <summary>The writes made since <paramref name="mark"/> (a <see cref="Count"/> read earlier).</summary>
    public IReadOnlyList<string> Since(int mark) => [.. writes.Skip(mark)];
}
