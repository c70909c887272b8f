namespace ElasticCompute.DevCluster.Server.Faults;

/// <summary>The body of POST /admin/faults: one fault to add.</summary>
public sealed record FaultSpec
{
    /// <summary>"fail" (answer with <see cref="StatusCode"/>) or "delay" (hold the request <see cref="DelayMilliseconds"/>).</summary>
    public string Type { get; init; } = "fail";

    /// <summary>How many matching requests it hits; for a delay, leave it out to use <see cref="DurationSeconds"/>.</summary>
    public int? Count { get; init; }

    public string? Verb { get; init; }

    public string? Resource { get; init; }

    /// <summary>409, 429, 500 or 503.</summary>
    public int? StatusCode { get; init; }

    public int? DelayMilliseconds { get; init; }

    /// <summary>For a delay: how long it stays active, instead of a count.</summary>
    public int? DurationSeconds { get; init; }
}
