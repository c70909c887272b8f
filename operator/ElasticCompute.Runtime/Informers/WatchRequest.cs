namespace ElasticCompute.Runtime.Informers;

/// <summary>A watch from <see cref="ResourceVersion"/> with bookmarks, closed by the server after <see cref="TimeoutSeconds"/>.</summary>
public sealed record WatchRequest(string ResourceVersion, int TimeoutSeconds, string? LabelSelector = null);
