namespace ElasticCompute.Runtime.Leadership;

/// <summary>A Lease (coordination.k8s.io/v1) to lead with; client-go's default timings.</summary>
public sealed record LeaderElectionOptions(string Namespace, string LeaseName)
{
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up (and stops its workers) when it cannot renew within this; shorter than the lease.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
