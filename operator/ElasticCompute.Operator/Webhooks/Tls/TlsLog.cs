using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Webhooks.Tls;

internal static partial class TlsLog
{
    [LoggerMessage(501, LogLevel.Information, "webhook TLS: created Secret {Namespace}/{Name} with a new CA ({CaSubject}) and serving certificate {Serial}, valid until {NotAfter:O}")]
    public static partial void Created(ILogger logger, string @namespace, string name, string caSubject, string serial, DateTime notAfter);

    [LoggerMessage(502, LogLevel.Information, "webhook TLS: Secret {Namespace}/{Name} was created by another replica first; using its certificate")]
    public static partial void LostCreate(ILogger logger, string @namespace, string name);

    [LoggerMessage(503, LogLevel.Information, "webhook TLS: Secret {Namespace}/{Name} changed while this replica wrote it ({What}); re-reading and using the other replica's result")]
    public static partial void LostWrite(ILogger logger, string @namespace, string name, string what);

    [LoggerMessage(504, LogLevel.Warning, "webhook TLS: Secret {Namespace}/{Name} is unusable ({Problem}); generating a new CA and serving certificate (older CAs that still parse stay in the CA bundle until they expire)")]
    public static partial void Regenerating(ILogger logger, string @namespace, string name, string problem);

    [LoggerMessage(505, LogLevel.Information, "webhook TLS: {What} in Secret {Namespace}/{Name}: serving certificate {Serial} valid until {NotAfter:O}, issued by {Issuer}")]
    public static partial void Rotated(ILogger logger, string what, string @namespace, string name, string serial, DateTime notAfter, string issuer);

    [LoggerMessage(506, LogLevel.Information, "webhook TLS: now serving certificate {Serial} valid until {NotAfter:O} (Secret {Namespace}/{Name} at resourceVersion {ResourceVersion})")]
    public static partial void Adopted(ILogger logger, string serial, DateTime notAfter, string @namespace, string name, string? resourceVersion);

    [LoggerMessage(507, LogLevel.Warning, "webhook TLS: reading or writing Secret {Namespace}/{Name} failed: {Reason}; trying again")]
    public static partial void SyncFailed(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(509, LogLevel.Debug, "webhook TLS: the failure in full")]
    public static partial void SyncFailedDetail(ILogger logger, Exception exception);

    [LoggerMessage(508, LogLevel.Warning, "webhook TLS: a Changed handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(511, LogLevel.Information, "webhook TLS: loaded serving certificate {Serial} valid until {NotAfter:O} from {Directory}")]
    public static partial void FileLoaded(ILogger logger, string serial, DateTime notAfter, string directory);

    [LoggerMessage(512, LogLevel.Warning, "webhook TLS: the files in {Directory} are not a usable certificate and key ({Problem}); still serving the last good one")]
    public static partial void FileUnusable(ILogger logger, string directory, string problem);

    [LoggerMessage(513, LogLevel.Information, "webhook TLS: waiting for {Directory} to hold tls.crt and tls.key ({Problem})")]
    public static partial void FileMissing(ILogger logger, string directory, string problem);

    [LoggerMessage(521, LogLevel.Information, "webhook TLS: {Kind} {Name} not found; no caBundle to write there")]
    public static partial void ConfigurationMissing(ILogger logger, string kind, string name);

    [LoggerMessage(522, LogLevel.Information, "webhook TLS: wrote the caBundle into {Count} webhook(s) of {Kind} {Name}")]
    public static partial void Injected(ILogger logger, int count, string kind, string name);

    [LoggerMessage(523, LogLevel.Warning, "webhook TLS: writing the caBundle into the webhook configurations failed; trying again")]
    public static partial void InjectFailed(ILogger logger, Exception exception);

    [LoggerMessage(524, LogLevel.Information, "webhook TLS: {Kind} {Name} changed while the caBundle was written; re-reading")]
    public static partial void InjectConflict(ILogger logger, string kind, string name);
}
