namespace ElasticCompute.Portal.Consoles;

/// <summary>One viewer's hold on a VMI's console in this portal process, until disposed or taken over by the next viewer.</summary>
internal sealed class ConsoleClaim(ConsoleViewers viewers, string key) : IDisposable
{
    private readonly TaskCompletionSource taken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Key => key;

    /// <summary>Completes when another viewer claimed the console.</summary>
    public Task TakenOver => taken.Task;

    public void TakeOver() => taken.TrySetResult();

    public void Dispose() => viewers.Release(this);
}
