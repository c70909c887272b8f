using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Webhooks;

internal static partial class WebhookLog
{
    [LoggerMessage(601, LogLevel.Information, "admission webhooks: waiting for the serving certificate")]
    public static partial void WaitingForCertificate(ILogger logger);

    [LoggerMessage(602, LogLevel.Information, "admission webhooks: waiting for the caches to sync")]
    public static partial void WaitingForCaches(ILogger logger);

    [LoggerMessage(603, LogLevel.Information, "admission webhooks: serving HTTPS on port {Port}")]
    public static partial void Serving(ILogger logger, int port);

    [LoggerMessage(604, LogLevel.Information, "admission webhooks: registered ({Writes} configuration writes)")]
    public static partial void Registered(ILogger logger, int writes);
}
