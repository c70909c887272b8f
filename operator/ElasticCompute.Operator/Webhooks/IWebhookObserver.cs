namespace ElasticCompute.Operator.Webhooks;

/// <summary>Told of every review served (metrics; the benchmark's handler latency).</summary>
internal interface IWebhookObserver
{
    void Reviewed(string path, bool allowed, TimeSpan elapsed);
}
