namespace ElasticCompute.DevCluster.Server.Simulation.Runtime;

/// <summary>What a runtime knows of a running VMI's guest now.</summary>
internal sealed record GuestState(GuestStateKind Kind, string? Reason = null)
{
    public static readonly GuestState Running = new(GuestStateKind.Running);

    /// <summary>The runtime has no guest for it (devcluster restarted): it is booted again.</summary>
    public static readonly GuestState Absent = new(GuestStateKind.Absent);

    public static GuestState PoweredOff(string reason) => new(GuestStateKind.PoweredOff, reason);

    public static GuestState Crashed(string reason) => new(GuestStateKind.Crashed, reason);
}
