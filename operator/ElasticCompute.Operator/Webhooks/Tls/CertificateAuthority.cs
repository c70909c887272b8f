using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>
/// The operator's own CA: a self-signed ECDSA P-256 certificate that signs the webhook's serving certificates.
/// Validity comes from the injected clock, backdated a little so a peer whose clock is behind still accepts it.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    public const string DefaultSubject = "CN=elasticcompute-webhook-ca";

    /// <summary>How far before "now" a certificate starts (clock skew between replicas and the API server).</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(3650);

    public static readonly TimeSpan DefaultServingValidity = TimeSpan.FromDays(365);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private readonly ECDsa key;
    private readonly TimeProvider time;

    private CertificateAuthority(X509Certificate2 certificate, ECDsa key, TimeProvider time)
    {
        Certificate = certificate;
        this.key = key;
        this.time = time;
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string KeyPem => key.ExportECPrivateKeyPem();

    public PemPair Pem => new(CertificatePem, KeyPem);

    public static CertificateAuthority Create(TimeProvider time, string subject = DefaultSubject, TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            var now = Seconds(time.GetUtcNow());
            var certificate = request.CreateSelfSigned(now - Backdate, now + (validity ?? DefaultValidity));
            return new CertificateAuthority(certificate, key, time);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Loads a CA from PEM; throws <see cref="CryptographicException"/> when the pair is unusable as a CA.</summary>
    public static CertificateAuthority Load(PemPair pem, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentNullException.ThrowIfNull(time);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem.Key);
            using var certificate = X509Certificate2.CreateFromPem(pem.Certificate);
            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                throw new CryptographicException("the CA certificate is not a CA (no basicConstraints CA:true)");
            }

            // CopyWithPrivateKey refuses a key that is not the certificate's.
            return new CertificateAuthority(certificate.CopyWithPrivateKey(key), key, time);
        }
        catch (Exception e) when (e is ArgumentException)
        {
            key.Dispose();
            throw new CryptographicException(e.Message, e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A serving certificate for <paramref name="names"/> (server auth), valid from now (backdated) for
    /// <paramref name="validity"/>, but never past the CA's own expiry.
    /// </summary>
    public PemPair Issue(ServingNames names, TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(names.CommonName);
        var request = new CertificateRequest(subject.Build(), servingKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in names.DnsNames)
        {
            san.AddDnsName(dns);
        }

        foreach (var ip in names.IpAddresses)
        {
            san.AddIpAddress(ip);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var now = Seconds(time.GetUtcNow());
        var caNotBefore = new DateTimeOffset(Certificate.NotBefore.ToUniversalTime());
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var notBefore = Max(now - Backdate, caNotBefore);
        var notAfter = Min(now + (validity ?? DefaultServingValidity), caNotAfter);
        if (notAfter <= notBefore)
        {
            throw new CryptographicException($"the CA expired at {caNotAfter:O}; it can issue no more certificates");
        }

        using var certificate = request.Create(Certificate, notBefore, notAfter, SerialNumber());
        return new PemPair(certificate.ExportCertificatePem(), servingKey.ExportECPrivateKeyPem());
    }

    public void Dispose()
    {
        Certificate.Dispose();
        key.Dispose();
    }

    /// <summary>A random positive serial, minimally encoded (Go's x509 parser refuses a leading zero byte or a negative one).</summary>
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    /// <summary>Certificates carry whole seconds; truncating first keeps "now" comparable with what is written.</summary>
    private static DateTimeOffset Seconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
