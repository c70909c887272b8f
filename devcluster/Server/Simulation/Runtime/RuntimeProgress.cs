namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>How far a start or stop has got: done, still going (ask again at <see cref="Until"/>), or failed and why.</summary>
internal sealed record RuntimeProgress(RuntimeProgressKind Kind, DateTimeOffset Until = default, string? Reason = null)
{
    public static readonly RuntimeProgress Done = new(RuntimeProgressKind.Done);

    public static RuntimeProgress Waiting(DateTimeOffset until) => new(RuntimeProgressKind.Waiting, until);

    public static RuntimeProgress Failed(string reason) => new(RuntimeProgressKind.Failed, Reason: reason);
}
