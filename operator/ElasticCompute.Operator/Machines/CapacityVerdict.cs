namespace ElasticCompute.Operator.Machines;

/// <summary>Whether a machine fits, with the CapacityAvailable condition's reason and message.</summary>
internal sealed record CapacityVerdict(bool Fits, string Reason, string Message)
{
    public const string Available = "CapacityAvailable";
    public const string InsufficientCapacity = "InsufficientCapacity";
    public const string NoSchedulableNodes = "NoSchedulableNodes";
    public const string QuotaExceeded = "QuotaExceeded";

    /// <summary>For a new machine that fits: the node the scheduler would try first, where its room is set aside meanwhile.</summary>
    public string? Node { get; init; }

    /// <summary>The first refusal, else a fit whose message joins the fits' messages.</summary>
    public static CapacityVerdict Combine(params CapacityVerdict[] verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        return verdicts.FirstOrDefault(v => !v.Fits)
            ?? new CapacityVerdict(true, Available, string.Join("; ", verdicts.Select(v => v.Message))) { Node = verdicts.Select(v => v.Node).FirstOrDefault(n => n is not null) };
    }
}
