using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCompute.Operator.Hosting;

public sealed record OperatorOptions
{
    /// <summary>Run workers only while holding the Lease (several replicas); off for a single in-process operator.</summary>
    public bool LeaderElection { get; init; } = true;

    public string LeaseNamespace { get; init; } = "elasticcompute-system";

    public string LeaseName { get; init; } = "elasticcompute-operator";

    /// <summary>Lease timings (client-go's defaults); shorter in tests so a takeover is quick.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Port of /healthz, /readyz and /metrics; null serves none, 0 any free port.</summary>
    public int? HttpPort { get; init; } = 8080;

    public int Workers { get; init; } = 16;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the runtime, the reconcilers' failures and the webhooks' milestones are logged.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Serve the admission webhooks too (every replica serves them, leader or not); null serves none.</summary>
    public WebhookOptions? Webhooks { get; init; }
}
