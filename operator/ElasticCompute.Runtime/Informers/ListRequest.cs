namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// A list page request: <c>limit</c>, <c>continue</c>, <c>labelSelector</c>. <see cref="IsHeld"/> (namespace, name,
/// resourceVersion) says which versions the caller already holds: a list may report those by key instead of
/// deserializing them, so a relist of an unchanged cache allocates almost nothing.
/// </summary>
public sealed record ListRequest(int Limit, string? Continue = null, string? LabelSelector = null, Func<string?, string, string?, bool>? IsHeld = null);
