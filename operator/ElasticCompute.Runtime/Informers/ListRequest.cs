namespace ElasticCompute.Runtime.Informers;

/// <summary>A list page request: <c>limit</c>, <c>continue</c>, <c>labelSelector</c>.</summary>
public sealed record ListRequest(int Limit, string? Continue = null, string? LabelSelector = null);
