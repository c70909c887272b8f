namespace ElasticCompute.Runtime.Metrics;

/// <summary>Metrics that go nowhere (tests, or a runtime used without a manager).</summary>
public sealed class NoMetrics : IInformerMetrics, IWorkQueueMetrics
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
}
