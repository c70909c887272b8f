using System.Net;
using ElasticCompute.Runtime.Informers;
using ElasticCompute.Runtime.Leadership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Runtime.Hosting;

public sealed record ManagerOptions
{
    /// <summary>This instance's name in leases and events (reportingInstance).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Lead with this Lease; null disables leader election (this instance always leads).</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }

    /// <summary>Replaces the Lease-based elector (tests).</summary>
    public ILeaderElector? LeaderElector { get; init; }

    /// <summary>Serve /healthz, /readyz and /metrics on this port (0 = any free one); null serves nothing.</summary>
    public int? HttpPort { get; init; }

    public IPAddress HttpAddress { get; init; } = IPAddress.Any;

    /// <summary>/healthz fails once a watch has been failing for this long.</summary>
    public TimeSpan WatchUnhealthyAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>On shutdown, reconciles in flight get this long to finish (capped by the lease's renew deadline).</summary>
    public TimeSpan GracefulShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Defaults for every informer (namespace, paging, watch timeouts, back-off).</summary>
    public InformerOptions Informers { get; init; } = new();

    /// <summary>Replaces list/watch over the client (tests).</summary>
    public IListWatchFactory? ListWatchFactory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Random? Random { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
