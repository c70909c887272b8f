using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ElasticCompute.Operator.Webhooks.Tls;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

public sealed class CertificateAuthorityTests
{
    private static readonly DateTimeOffset Start = new(2031, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Fact]
    public void The_CA_is_a_self_signed_P256_CA_valid_for_ten_years_from_the_clock()
    {
        var time = new FakeTimeProvider(Start);
        using var ca = CertificateAuthority.Create(time);
        var cert = ca.Certificate;

        Assert.Equal("CN=elasticcompute-webhook-ca", cert.Subject);
        Assert.Equal(cert.Subject, cert.Issuer);
        AssertP256(cert);
        var constraints = cert.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        Assert.True(cert.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.Equal(Start - CertificateAuthority.Backdate, Utc(cert.NotBefore));
        Assert.Equal(Start + TimeSpan.FromDays(3650), Utc(cert.NotAfter));
        Assert.True(cert.HasPrivateKey);
    }

    [Fact]
    public void A_serving_certificate_is_P256_for_server_auth_with_the_names_and_chains_to_the_CA_only()
    {
        var time = new FakeTimeProvider(Start);
        using var ca = CertificateAuthority.Create(time);
        time.Advance(TimeSpan.FromDays(2));
        var pair = ca.Issue(ServingNames.ForService("elasticcompute-webhook", "elasticcompute-system"));
        using var serving = pair.Load();

        AssertP256(serving);
        Assert.True(serving.HasPrivateKey);
        Assert.Equal("CN=elasticcompute-webhook", serving.Subject);
        Assert.Equal(ca.Certificate.Subject, serving.Issuer);
        Assert.False(serving.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Contains(serving.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
        var san = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(
            ["elasticcompute-webhook", "elasticcompute-webhook.elasticcompute-system", "elasticcompute-webhook.elasticcompute-system.svc", "elasticcompute-webhook.elasticcompute-system.svc.cluster.local"],
            san.EnumerateDnsNames().ToArray());
        Assert.Equal(Start + TimeSpan.FromDays(2) - CertificateAuthority.Backdate, Utc(serving.NotBefore));
        Assert.Equal(Start + TimeSpan.FromDays(2 + 365), Utc(serving.NotAfter));

        Assert.True(ChainsTo(serving, ca.Certificate, Start + TimeSpan.FromDays(3)));
        Assert.False(ChainsTo(serving, ca.Certificate, Start + TimeSpan.FromDays(2 + 366)), "expired");
        Assert.False(ChainsTo(serving, ca.Certificate, Start), "not yet valid");
        using var other = CertificateAuthority.Create(time);
        Assert.False(ChainsTo(serving, other.Certificate, Start + TimeSpan.FromDays(3)), "another CA");
    }

    [Fact]
    public void A_localhost_certificate_names_localhost_and_the_loopback_address()
    {
        using var ca = CertificateAuthority.Create(new FakeTimeProvider(Start));
        using var serving = ca.Issue(ServingNames.ForLocalhost()).Load();
        var san = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], san.EnumerateDnsNames().ToArray());
        Assert.Equal([IPAddress.Loopback], san.EnumerateIPAddresses().ToArray());
    }

    [Fact]
    public void A_serving_certificate_never_outlives_its_CA()
    {
        var time = new FakeTimeProvider(Start);
        using var ca = CertificateAuthority.Create(time, validity: TimeSpan.FromDays(100));
        time.Advance(TimeSpan.FromDays(90));
        using var serving = ca.Issue(ServingNames.ForLocalhost()).Load();
        Assert.Equal(ca.Certificate.NotAfter, serving.NotAfter);

        time.Advance(TimeSpan.FromDays(11));
        Assert.Throws<CryptographicException>(() => ca.Issue(ServingNames.ForLocalhost()));
    }

    [Fact]
    public void A_CA_round_trips_through_PEM_and_refuses_a_key_that_is_not_its_own()
    {
        var time = new FakeTimeProvider(Start);
        using var ca = CertificateAuthority.Create(time);
        using var loaded = CertificateAuthority.Load(ca.Pem, time);
        Assert.Equal(ca.Certificate.RawData, loaded.Certificate.RawData);
        using var serving = loaded.Issue(ServingNames.ForLocalhost()).Load();
        Assert.True(ChainsTo(serving, ca.Certificate, Start));

        using var other = CertificateAuthority.Create(time);
        Assert.Throws<CryptographicException>(() => CertificateAuthority.Load(new PemPair(ca.CertificatePem, other.KeyPem), time));
        Assert.Throws<CryptographicException>(() => CertificateAuthority.Load(new PemPair(ca.CertificatePem, "garbage"), time));

        // A serving certificate is no CA.
        var leaf = ca.Issue(ServingNames.ForLocalhost());
        Assert.Throws<CryptographicException>(() => CertificateAuthority.Load(leaf, time));
    }

    [Fact]
    public void Serial_numbers_are_positive_minimal_and_distinct()
    {
        using var ca = CertificateAuthority.Create(new FakeTimeProvider(Start));
        var serials = Enumerable.Range(0, 50).Select(_ => { using var c = ca.Issue(ServingNames.ForLocalhost()).Load(); return c.SerialNumber; }).ToList();
        Assert.Equal(50, serials.Distinct().Count());
        Assert.All(serials, s => Assert.InRange(Convert.ToByte(s[..2], 16), 0x40, 0x7F));
    }

    internal static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(leaf);
    }

    private static DateTimeOffset Utc(DateTime t) => new(t.ToUniversalTime());

    private static void AssertP256(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
    }
}
