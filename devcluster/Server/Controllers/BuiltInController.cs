using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Controllers;

/// <summary>
/// A controller of the API server itself (CRD establishment, garbage collection, namespace cleanup):
/// it reacts to every change in the store, in order, and resyncs everything at start.
/// </summary>
public abstract class BuiltInController(ResourceRegistry registry)
{
    protected ResourceRegistry Registry { get; } = registry;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var subscription = Registry.Store.Watch(null, null, Registry.Store.Revision);
            using (subscription)
            {
                await ResyncAsync(cancellationToken).ConfigureAwait(false);
                while (await subscription.NextAsync(cancellationToken).ConfigureAwait(false) is { } e)
                {
                    try
                    {
                        await HandleAsync(e, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A failed step is retried at the next resync; the controller keeps running.
                        OnError(ex);
                    }
                }
            }
        }
    }

    /// <summary>Looks at every object once (at start, and after the store ended the watch).</summary>
    public abstract Task ResyncAsync(CancellationToken cancellationToken);

    protected abstract Task HandleAsync(StoreEvent e, CancellationToken cancellationToken);

    protected virtual void OnError(Exception exception)
    {
    }
}
