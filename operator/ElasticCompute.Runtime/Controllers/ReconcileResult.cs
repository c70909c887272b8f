namespace ElasticCompute.Runtime.Controllers;

/// <summary>What a reconcile asks for next: nothing (<see cref="Done"/>) or another pass after a delay.</summary>
public sealed record ReconcileResult
{
    private ReconcileResult(TimeSpan? delay) => Delay = delay;

    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    /// <summary>The delay before the next pass; null when done.</summary>
    public TimeSpan? Delay { get; }

    public static ReconcileResult RequeueAfter(TimeSpan delay) => new(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
}
