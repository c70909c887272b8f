namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>One API request as devcluster received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers)
{
    /// <summary>The values of a header, one per header line; empty when it was not sent.</summary>
    public IReadOnlyList<string> Header(string name) => Headers.TryGetValue(name, out var values) ? values : [];
}
