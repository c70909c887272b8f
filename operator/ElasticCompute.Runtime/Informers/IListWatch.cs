namespace ElasticCompute.Runtime.Informers;

/// <summary>The list and watch calls an informer makes; a seam so informers can be tested without a server.</summary>
public interface IListWatch<T>
    where T : class
{
    /// <summary>One page of a list. Throws <see cref="ApiStatusException"/> on an API error.</summary>
    Task<ListPage<T>> ListAsync(ListRequest request, CancellationToken cancellationToken);

    /// <summary>A watch stream. Throws <see cref="ApiStatusException"/> when it cannot start (410 Gone included).</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, CancellationToken cancellationToken);
}
