using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>
/// An HTTPS client that trusts only the given CA bundle (as the API server trusts a caBundle), at the time the
/// test's clock says, and records every server certificate it was shown. Every request makes a new connection
/// (no pooling, no TLS resumption), so every request is a full handshake.
/// </summary>
internal sealed class TrustingClient : IDisposable
{
    private readonly X509Certificate2Collection roots = [];
    private readonly SocketsHttpHandler handler;

    public TrustingClient(string caBundlePem, Func<DateTimeOffset> now, bool newConnectionPerRequest = true)
    {
        roots.ImportFromPem(caBundlePem);
        handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = newConnectionPerRequest ? TimeSpan.Zero : TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                AllowTlsResume = false,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors, now()),
            },
        };
        Client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>The raw bytes of every certificate a server showed, in order.</summary>
    public ConcurrentQueue<byte[]> Seen { get; } = new();

    public void Dispose()
    {
        Client.Dispose();
        handler.Dispose();
        foreach (var root in roots)
        {
            root.Dispose();
        }
    }

    /// <summary>The certificate a fresh connection to <paramref name="url"/> is shown.</summary>
    public static async Task<X509Certificate2> PresentedAsync(Uri url, string caBundlePem, Func<DateTimeOffset> now)
    {
        using var client = new TrustingClient(caBundlePem, now);
        var response = await client.Client.GetStringAsync(url);
        Assert.Equal("ok", response);
        return X509CertificateLoader.LoadCertificate(client.Seen.Last());
    }

    private bool Validate(X509Certificate? certificate, SslPolicyErrors errors, DateTimeOffset now)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        Seen.Enqueue(leaf.RawData);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(leaf);
    }
}
