namespace ElasticCompute.Operator.Webhooks;

/// <summary>
/// Where the API server reaches the webhooks: a Service in the cluster (the chart), or a URL (devcluster, which calls
/// the operator on loopback).
/// </summary>
internal sealed record WebhookEndpoint(string? ServiceName, string? ServiceNamespace, int ServicePort, Uri? BaseUrl)
{
    public static WebhookEndpoint Service(string name, string ns, int port = 443) => new(name, ns, port, null);

    public static WebhookEndpoint Url(Uri baseUrl) => new(null, null, 0, baseUrl);
}
