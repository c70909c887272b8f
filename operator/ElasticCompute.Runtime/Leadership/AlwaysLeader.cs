namespace ElasticCompute.Runtime.Leadership;

/// <summary>Leader election disabled (tests, development): leads from start to stop.</summary>
public sealed class AlwaysLeader(string identity) : ILeaderElector
{
    public string Identity { get; } = identity;

    public async Task RunAsync(Action onStartedLeading, Action onStoppedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        ArgumentNullException.ThrowIfNull(onStoppedLeading);
        onStartedLeading();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        finally
        {
            onStoppedLeading();
        }
    }
}
