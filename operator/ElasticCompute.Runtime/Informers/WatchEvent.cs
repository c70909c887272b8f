using k8s.Models;

namespace ElasticCompute.Runtime.Informers;

/// <summary>One watch event: an object (ADDED/MODIFIED/DELETED), a bookmark's resourceVersion, or an ERROR's Status.</summary>
public sealed record WatchEvent<T>(WatchEventType Type, T? Item, string? ResourceVersion = null, V1Status? Status = null)
    where T : class;
