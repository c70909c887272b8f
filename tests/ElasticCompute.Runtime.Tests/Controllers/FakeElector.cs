using ElasticCompute.Runtime.Leadership;

namespace ElasticCompute.Runtime.Tests.Controllers;

/// <summary>Leadership the test hands out and takes away.</summary>
internal sealed class FakeElector : ILeaderElector
{
    private Action? started;
    private Action? stopped;

    public string Identity => "fake";

    public bool Running => started is not null;

    public void Lead() => started!();

    public void Lose() => stopped!();

    public async Task RunAsync(Action onStartedLeading, Action onStoppedLeading, CancellationToken cancellationToken)
    {
        stopped = onStoppedLeading;
        started = onStartedLeading;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
