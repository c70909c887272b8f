using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ElasticCompute.Runtime.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>
/// The operator's own webhook certificates, agreed by every replica through one Secret: the first replica to
/// find none creates it (the others lose the create and adopt it); a replica that finds the serving certificate
/// in its renewal window issues a new one from the same CA and replaces the Secret at the resourceVersion it read
/// (a replica that loses that race re-reads and adopts the winner's). When the CA itself nears expiry a new CA
/// joins the bundle beside the old one, and serving certificates move to it at their next renewal, long after
/// the webhook configurations trust it. Every replica polls the Secret, so all serve the newest pair.
/// </summary>
internal sealed class SelfManagedCertificates : ICertificateSource, IDisposable
{
    private const int MaxAttempts = 5;

    private readonly ISecretStore store;
    private readonly SelfManagedCertificateOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim syncing = new(1, 1);
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile State? state;

    public SelfManagedCertificates(IKubernetes client, SelfManagedCertificateOptions options, TimeProvider time, ILogger logger)
        : this(new KubernetesSecretStore(client, Required(options).Namespace, options.SecretName), options, time, logger)
    {
    }

    internal SelfManagedCertificates(ISecretStore store, SelfManagedCertificateOptions options, TimeProvider time, ILogger logger)
    {
        this.store = store;
        this.options = Required(options);
        this.time = time;
        this.logger = logger;
    }

    public event Action? Changed;

    public X509Certificate2 Current => state?.Material.ServingCertificate
        ?? throw new InvalidOperationException("no webhook serving certificate yet; await WaitForReadyAsync first");

    public string CaBundle => state?.Material.BundlePem ?? string.Empty;

    /// <summary>The Secret's resourceVersion this replica serves from.</summary>
    internal string? ResourceVersion => state?.ResourceVersion;

    /// <summary>The material this replica serves (CA, bundle, serving pair).</summary>
    internal TlsMaterial? Material => state?.Material;

    public Task WaitForReadyAsync(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var ok = true;
                try
                {
                    await SyncAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // One line a person can act on (a missing namespace, a missing RBAC rule); the stack only at Debug.
                    TlsLog.SyncFailed(logger, options.Namespace, options.SecretName, ApiErrors.Describe(e));
                    TlsLog.SyncFailedDetail(logger, e);
                    ok = false;
                }

                await Task.Delay(ok ? options.PollInterval : options.RetryInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One pass: read the Secret; create it, repair it or rotate what is due (a conditional write; a lost race
    /// re-reads); then serve what the Secret holds. Throws when the API keeps failing or the Secret keeps changing.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; !await TryStepAsync(cancellationToken).ConfigureAwait(false); attempt++)
            {
                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"Secret {options.Namespace}/{options.SecretName} changed under every one of {MaxAttempts} attempts to write it");
                }
            }
        }
        finally
        {
            syncing.Release();
        }
    }

    /// <summary>Call after <see cref="RunAsync"/> has returned.</summary>
    public void Dispose() => syncing.Dispose();

    /// <summary>Whether a certificate is in its renewal window (<paramref name="renewBefore"/>, else its last third).</summary>
    internal static bool IsDue(X509Certificate2 certificate, TimeSpan? renewBefore, DateTimeOffset now)
    {
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var window = renewBefore ?? (notAfter - notBefore) / 3;
        return now.UtcDateTime >= notAfter - window;
    }

    /// <summary>Whether the certificate names every DNS name and IP address asked for.</summary>
    internal static bool Covers(X509Certificate2 certificate, ServingNames names)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return names.DnsNames.Count == 0 && names.IpAddresses.Count == 0;
        }

        var dns = san.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ips = san.EnumerateIPAddresses().ToHashSet();
        return names.DnsNames.All(dns.Contains) && names.IpAddresses.All(ips.Contains);
    }

    private static SelfManagedCertificateOptions Required(SelfManagedCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private static string Serial(X509Certificate2 certificate) => certificate.SerialNumber;

    /// <summary>True when this replica serves what the Secret holds; false when it lost a write race (read again).</summary>
    private async Task<bool> TryStepAsync(CancellationToken cancellationToken)
    {
        var secret = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (secret is null)
        {
            var fresh = Generate([], now);
            var created = await store.TryCreateAsync(NewSecret(fresh), cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                TlsLog.LostCreate(logger, options.Namespace, options.SecretName);
                return false;
            }

            TlsLog.Created(logger, options.Namespace, options.SecretName, fresh.Authority.Certificate.Subject, Serial(fresh.ServingCertificate), fresh.ServingCertificate.NotAfter.ToUniversalTime());
            Adopt(fresh, created.Metadata?.ResourceVersion);
            return true;
        }

        TlsMaterial current;
        var resourceVersion = secret.Metadata?.ResourceVersion;
        if (state is { } known && known.ResourceVersion == resourceVersion && resourceVersion is not null)
        {
            current = known.Material;
        }
        else
        {
            try
            {
                current = TlsMaterial.Parse(secret.Data, time);
            }
            catch (InvalidDataException e)
            {
                TlsLog.Regenerating(logger, options.Namespace, options.SecretName, e.Message);
                var keep = secret.Data?.TryGetValue(TlsMaterial.CaCertificateKey, out var bundle) == true ? TlsMaterial.ReadBundle(Encoding.UTF8.GetString(bundle)) : [];
                return await WriteAsync(secret, Generate(keep, now), "regenerated the CA and serving certificate", cancellationToken).ConfigureAwait(false);
            }
        }

        var (renewed, what) = Renew(current, now);
        if (renewed is null)
        {
            Adopt(current, resourceVersion);
            return true;
        }

        return await WriteAsync(secret, renewed, what, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> WriteAsync(V1Secret secret, TlsMaterial material, string what, CancellationToken cancellationToken)
    {
        // Replace keeps what else the Secret carries (labels, annotations, its type, which is immutable).
        secret.Data = material.ToData();
        secret.StringData = null;
        secret.Type ??= "kubernetes.io/tls";
        var written = await store.TryReplaceAsync(secret, cancellationToken).ConfigureAwait(false);
        if (written is null)
        {
            TlsLog.LostWrite(logger, options.Namespace, options.SecretName, what);
            return false;
        }

        TlsLog.Rotated(logger, what, options.Namespace, options.SecretName, Serial(material.ServingCertificate), material.ServingCertificate.NotAfter.ToUniversalTime(), material.ServingCertificate.Issuer);
        Adopt(material, written.Metadata?.ResourceVersion);
        return true;
    }

    /// <summary>The material to write when something is due, and what was done; (null, "") when nothing is.</summary>
    private (TlsMaterial? Material, string What) Renew(TlsMaterial current, DateTimeOffset now)
    {
        var caDue = IsDue(current.Authority.Certificate, options.CaRenewBefore, now);
        var servingDue = IsDue(current.ServingCertificate, options.RenewBefore, now) || !Covers(current.ServingCertificate, options.Names);
        if (!caDue && !servingDue)
        {
            return (null, string.Empty);
        }

        if (!caDue)
        {
            return (TlsMaterial.Create(current.Authority, current.Bundle, current.Authority.Issue(options.Names, options.ServingValidity), now), "renewed the serving certificate");
        }

        var authority = CertificateAuthority.Create(time, options.CaSubject, options.CaValidity);
        var serving = current.Serving;
        if (servingDue)
        {
            // The webhook configurations do not trust the new CA yet: while the outgoing one lasts, it issues this
            // renewal, and the next one (long after every caBundle holds the new CA) comes from the new CA.
            serving = IssueFromOutgoing(current.Authority, now) ?? authority.Issue(options.Names, options.ServingValidity);
        }

        return (TlsMaterial.Create(authority, current.Bundle, serving, now), servingDue ? "renewed the CA and the serving certificate" : "renewed the CA (the old one stays in the bundle)");
    }

    private PemPair? IssueFromOutgoing(CertificateAuthority outgoing, DateTimeOffset now)
    {
        if (outgoing.Certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
        {
            return null;
        }

        try
        {
            var candidate = outgoing.Issue(options.Names, options.ServingValidity);
            using var certificate = X509Certificate2.CreateFromPem(candidate.Certificate);
            return IsDue(certificate, options.RenewBefore, now) ? null : candidate;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private TlsMaterial Generate(IEnumerable<X509Certificate2> previous, DateTimeOffset now)
    {
        var authority = CertificateAuthority.Create(time, options.CaSubject, options.CaValidity);
        return TlsMaterial.Create(authority, previous, authority.Issue(options.Names, options.ServingValidity), now);
    }

    private V1Secret NewSecret(TlsMaterial material) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = options.SecretName,
            NamespaceProperty = options.Namespace,
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/managed-by"] = "elasticcompute-operator",
                ["app.kubernetes.io/component"] = "webhook",
            },
        },
        Type = "kubernetes.io/tls",
        Data = material.ToData(),
    };

    private void Adopt(TlsMaterial material, string? resourceVersion)
    {
        var previous = state;
        state = new State(material, resourceVersion);
        var changed = previous is null
            || !previous.Material.ServingCertificate.RawDataMemory.Span.SequenceEqual(material.ServingCertificate.RawDataMemory.Span)
            || previous.Material.BundlePem != material.BundlePem;
        if (changed)
        {
            TlsLog.Adopted(logger, Serial(material.ServingCertificate), material.ServingCertificate.NotAfter.ToUniversalTime(), options.Namespace, options.SecretName, resourceVersion);
        }

        ready.TrySetResult();
        if (changed)
        {
            ChangeHandlers.Raise(Changed, logger);
        }
    }

    private sealed record State(TlsMaterial Material, string? ResourceVersion);
}
