using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>
/// What the webhook TLS Secret holds, parsed and checked: the CA that issues (<c>ca.crt</c>'s first certificate,
/// <c>ca.key</c>), the CA bundle (<c>ca.crt</c>: that CA, then older CAs kept while a replica may still serve a
/// certificate they signed) and the serving pair (<c>tls.crt</c>, <c>tls.key</c>), which must chain to the bundle.
/// Not disposable on purpose: a replaced serving certificate may still be in a handshake; the GC frees it.
/// </summary>
internal sealed class TlsMaterial
{
    public const string CaCertificateKey = "ca.crt";
    public const string CaKeyKey = "ca.key";
    public const string CertificateKey = "tls.crt";
    public const string KeyKey = "tls.key";

    private TlsMaterial(CertificateAuthority authority, IReadOnlyList<X509Certificate2> bundle, string bundlePem, PemPair serving, X509Certificate2 servingCertificate)
    {
        Authority = authority;
        Bundle = bundle;
        BundlePem = bundlePem;
        Serving = serving;
        ServingCertificate = servingCertificate;
    }

    /// <summary>The CA that issues new serving certificates (with its key).</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>Every CA clients should trust, the issuing one first.</summary>
    public IReadOnlyList<X509Certificate2> Bundle { get; }

    public string BundlePem { get; }

    public PemPair Serving { get; }

    /// <summary>The serving certificate with its key.</summary>
    public X509Certificate2 ServingCertificate { get; }

    /// <summary>Parses and checks a Secret's data; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static TlsMaterial Parse(IDictionary<string, byte[]>? data, TimeProvider time)
    {
        var bundlePem = Text(data, CaCertificateKey);
        var caKeyPem = Text(data, CaKeyKey);
        var serving = new PemPair(Text(data, CertificateKey), Text(data, KeyKey));
        var bundle = ReadBundle(bundlePem);
        if (bundle.Count == 0)
        {
            throw new InvalidDataException($"{CaCertificateKey} holds no PEM certificate");
        }

        CertificateAuthority authority;
        try
        {
            authority = CertificateAuthority.Load(new PemPair(bundle[0].ExportCertificatePem(), caKeyPem), time);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{CaKeyKey} is not a usable key for the first CA in {CaCertificateKey}: {e.Message}", e);
        }
        finally
        {
            bundle[0].Dispose();
        }

        X509Certificate2 servingCertificate;
        try
        {
            servingCertificate = serving.Load();
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{CertificateKey}/{KeyKey} are not a certificate and its key: {e.Message}", e);
        }

        IReadOnlyList<X509Certificate2> trusted = [authority.Certificate, .. bundle.Skip(1)];
        if (!ChainsTo(servingCertificate, trusted))
        {
            throw new InvalidDataException($"{CertificateKey} was not issued by a CA in {CaCertificateKey}");
        }

        return new TlsMaterial(authority, trusted, bundlePem, serving, servingCertificate);
    }

    /// <summary>
    /// New material: <paramref name="authority"/> issues, and the bundle is it followed by the
    /// <paramref name="previous"/> CAs that have not expired (and are not it).
    /// </summary>
    public static TlsMaterial Create(CertificateAuthority authority, IEnumerable<X509Certificate2> previous, PemPair serving, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var kept = previous
            .Where(c => !c.RawDataMemory.Span.SequenceEqual(authority.Certificate.RawDataMemory.Span) && c.NotAfter.ToUniversalTime() > now.UtcDateTime)
            .Select(c => X509CertificateLoader.LoadCertificate(c.RawDataMemory.Span))
            .ToList();
        var bundle = new List<X509Certificate2> { authority.Certificate };
        bundle.AddRange(kept);
        var pem = string.Concat(bundle.Select(c => c.ExportCertificatePem() + "\n"));
        return new TlsMaterial(authority, bundle, pem, serving, serving.Load());
    }

    /// <summary>The CA certificates in a PEM bundle that parse; the rest is skipped (used to keep old CAs while regenerating).</summary>
    public static IReadOnlyList<X509Certificate2> ReadBundle(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return [];
        }

        var found = new List<X509Certificate2>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
                    if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
                    {
                        found.Add(certificate);
                    }
                    else
                    {
                        certificate.Dispose();
                    }
                }
                catch (Exception e) when (e is CryptographicException or FormatException)
                {
                    // A garbled block: skipped; the caller decides whether what is left is enough.
                }
            }

            rest = rest[fields.Location.End..];
        }

        return found;
    }

    public IDictionary<string, byte[]> ToData() => new Dictionary<string, byte[]>
    {
        [CaCertificateKey] = Encoding.UTF8.GetBytes(BundlePem),
        [CaKeyKey] = Encoding.UTF8.GetBytes(Authority.KeyPem),
        [CertificateKey] = Encoding.UTF8.GetBytes(Serving.Certificate),
        [KeyKey] = Encoding.UTF8.GetBytes(Serving.Key),
    };

    /// <summary>Whether a CA of the bundle signed the certificate; expiry is the renewal's business, not a defect.</summary>
    private static bool ChainsTo(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> bundle)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        return chain.Build(certificate);
    }

    private static string Text(IDictionary<string, byte[]>? data, string key) =>
        data is not null && data.TryGetValue(key, out var bytes) && bytes is { Length: > 0 }
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidDataException($"the Secret has no {key}");
}
