namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>
/// kube's ErrCallingWebhook: the webhook could not be asked or answered nonsense. Subject to failurePolicy;
/// with Fail it becomes an InternalError whose message is this one.
/// </summary>
internal sealed class WebhookCallException(string webhook, string reason) : Exception($"failed calling webhook \"{webhook}\": {reason}")
{
    public string Webhook { get; } = webhook;

    public string Reason { get; } = reason;
}
