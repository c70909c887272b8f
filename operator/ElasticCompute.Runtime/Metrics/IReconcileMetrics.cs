namespace ElasticCompute.Runtime.Metrics;

public interface IReconcileMetrics
{
    /// <summary>One reconcile ended with <paramref name="result"/> (success, error, requeue_after).</summary>
    void Reconciled(string controller, string result, TimeSpan duration);

    void Failed(string controller, bool terminal);

    void ActiveWorkers(string controller, int delta);

    IWorkQueueMetrics ForQueue(string name);
}
