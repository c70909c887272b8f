namespace ElasticCompute.Runtime.Metrics;

/// <summary>Metrics that go nowhere (tests, or a runtime used without a manager).</summary>
public sealed class NoMetrics : IInformerMetrics, IWorkQueueMetrics, IReconcileMetrics
{
    public static readonly NoMetrics Instance = new();

    public void WatchRestarted(string resource)
    {
    }

    public void Added()
    {
    }

    public void Depth(int depth)
    {
    }

    public void QueueDuration(TimeSpan waited)
    {
    }

    public void WorkDuration(TimeSpan worked)
    {
    }

    public void Retry()
    {
    }

    public void Reconciled(string controller, string result, TimeSpan duration)
    {
    }

    public void Failed(string controller, bool terminal)
    {
    }

    public void ActiveWorkers(string controller, int delta)
    {
    }

    public IWorkQueueMetrics ForQueue(string name) => this;
}
