namespace ElasticCompute.Runtime.Metrics;

public interface IWorkQueueMetrics
{
    void Added();

    void Depth(int depth);

    void QueueDuration(TimeSpan waited);

    void WorkDuration(TimeSpan worked);

    void Retry();
}
