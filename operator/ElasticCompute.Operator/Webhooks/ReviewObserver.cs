using Prometheus;

namespace ElasticCompute.Operator.Webhooks;

/// <summary>Every review into the admission duration histogram (on /metrics), and to the host's callback if it has one.</summary>
internal sealed class ReviewObserver(Histogram durations, Action<string, bool, TimeSpan>? reviewed) : IWebhookObserver
{
    public void Reviewed(string path, bool allowed, TimeSpan elapsed)
    {
        durations.WithLabels(path.TrimStart('/'), allowed ? "true" : "false").Observe(elapsed.TotalSeconds);
        reviewed?.Invoke(path, allowed, elapsed);
    }
}
