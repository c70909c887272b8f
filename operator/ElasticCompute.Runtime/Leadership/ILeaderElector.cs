namespace ElasticCompute.Runtime.Leadership;

/// <summary>Campaigns for leadership until cancelled, retrying forever; reports each gain and loss.</summary>
public interface ILeaderElector
{
    string Identity { get; }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/>: calls <paramref name="onStartedLeading"/> on each gain and
    /// <paramref name="onStoppedLeading"/> on each loss (and when stopping while leading).
    /// </summary>
    Task RunAsync(Action onStartedLeading, Action onStoppedLeading, CancellationToken cancellationToken);
}
