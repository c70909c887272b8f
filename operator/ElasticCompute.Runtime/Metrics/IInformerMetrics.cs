namespace ElasticCompute.Runtime.Metrics;

public interface IInformerMetrics
{
    /// <summary>A watch ended and is restarted (timeout, error or 410).</summary>
    void WatchRestarted(string resource);
}
