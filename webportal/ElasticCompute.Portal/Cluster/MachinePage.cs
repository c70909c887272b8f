using ElasticCompute.Api.Machines;

namespace ElasticCompute.Portal.Cluster;

/// <summary>A page of a list: its machines, the token of the next page (null on the last), and how many come after it when the server says.</summary>
internal sealed record MachinePage(IReadOnlyList<ElasticMachine> Items, string? Continue, long? Remaining);
