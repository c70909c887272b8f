namespace ElasticCompute.Runtime.Informers;

/// <summary>
/// One page of a list and the list's resourceVersion; <see cref="Continue"/> is null on the last page.
/// <see cref="Held"/> are the keys of listed objects left out of <see cref="Items"/> because the caller already
/// holds their listed version (see <see cref="ListRequest.IsHeld"/>).
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue, IReadOnlyList<string>? Held = null);
