namespace ElasticCompute.Runtime.Controllers;

/// <summary>A running controller: its queue, and its workers (started by the manager while it leads).</summary>
public interface IController
{
    string Name { get; }

    /// <summary>Queues a request (from an external trigger, for example).</summary>
    void Enqueue(ReconcileRequest request);

    /// <summary>Queues every cached object of the controller's type.</summary>
    void EnqueueAll();

    /// <summary>
    /// Runs the workers until <paramref name="stopTaking"/> (no new items; the current ones finish) and cancels
    /// reconciles in flight with <paramref name="abort"/>.
    /// </summary>
    Task RunAsync(CancellationToken stopTaking, CancellationToken abort);

    /// <summary>Stops the queue for good (manager shutdown).</summary>
    void ShutDown();
}
