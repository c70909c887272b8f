namespace ElasticCompute.Runtime.Informers;

/// <summary>One page of a list and the list's resourceVersion; <see cref="Continue"/> is null on the last page.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
