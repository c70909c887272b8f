using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Server.Faults;

/// <summary>Runs before every API request: may delay it or fail it (tests only; off by default).</summary>
public interface IFaultInjector
{
    ValueTask BeforeRequestAsync(HttpContext context, CancellationToken cancellationToken);
}
