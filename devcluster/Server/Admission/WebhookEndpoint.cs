using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>
/// An HTTPS client for one (url, caBundle): the server certificate must chain to the caBundle alone
/// (CustomRootTrust, no system roots) and name the URL's host, as Go's crypto/tls checks it for kube.
/// An empty caBundle means the system roots, as in kube.
/// </summary>
internal sealed class WebhookEndpoint : IDisposable
{
    private readonly X509Certificate2Collection? roots;
    private readonly string host;
    private readonly SocketsHttpHandler handler;
    private volatile string? lastFailure;

    public WebhookEndpoint(Uri url, string? caBundle)
    {
        host = url.IdnHost;
        roots = string.IsNullOrEmpty(caBundle) ? null : LoadRoots(caBundle);
        handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
        };
        Client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    /// <summary>Go's words for the last refused certificate (the handshake itself only says "rejected").</summary>
    public string? LastFailure => lastFailure;

    public void Dispose()
    {
        Client.Dispose();
        handler.Dispose();
        if (roots is not null)
        {
            foreach (var root in roots)
            {
                root.Dispose();
            }
        }
    }

    private static X509Certificate2Collection LoadRoots(string caBundle)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(caBundle)));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new InvalidDataException("unable to load root certificates: unable to parse bytes as PEM block", e);
        }

        return collection.Count > 0
            ? collection
            : throw new InvalidDataException("unable to load root certificates: unable to parse bytes as PEM block");
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var failure = Check(certificate, presented, errors);
        lastFailure = failure;
        return failure is null;
    }

    private string? Check(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return "tls: server did not present a certificate";
        }

        if (roots is null)
        {
            return errors == SslPolicyErrors.None ? null : Describe(errors, certificate);
        }

        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (!chain.Build(leaf))
        {
            return chain.ChainStatus.Any(s => s.Status == X509ChainStatusFlags.NotTimeValid)
                ? "x509: certificate has expired or is not yet valid"
                : "x509: certificate signed by unknown authority";
        }

        // The host name check (SAN) is SslStream's own; only its verdict on the chain is replaced.
        return (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 ? HostnameError(leaf) : null;
    }

    private string Describe(SslPolicyErrors errors, X509Certificate certificate)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return "x509: certificate signed by unknown authority";
        }

        using var leaf = new X509Certificate2(certificate);
        return HostnameError(leaf);
    }

    /// <summary>Go's x509.HostnameError text.</summary>
    private string HostnameError(X509Certificate2 leaf)
    {
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var isIp = System.Net.IPAddress.TryParse(host, out _);
        var valid = isIp
            ? san?.EnumerateIPAddresses().Select(a => a.ToString()).ToList() ?? []
            : san?.EnumerateDnsNames().ToList() ?? [];
        if (isIp && valid.Count == 0)
        {
            return $"x509: cannot validate certificate for {host} because it doesn't contain any IP SANs";
        }

        return valid.Count == 0
            ? $"x509: certificate is not valid for any names, but wanted to match {host}"
            : $"x509: certificate is valid for {string.Join(", ", valid)}, not {host}";
    }
}
