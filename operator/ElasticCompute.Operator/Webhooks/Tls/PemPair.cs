using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>A certificate (or a chain, the certificate first) and its private key, as PEM: what a kubernetes.io/tls Secret holds.</summary>
internal sealed record PemPair(string Certificate, string Key)
{
    /// <summary>
    /// The certificate with its key, ready for SslStream; throws <see cref="CryptographicException"/> when either
    /// does not parse or the key is not the certificate's.
    /// </summary>
    public X509Certificate2 Load()
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPem(Certificate, Key);

            // SslStream on Windows refuses ephemeral (PEM-imported) keys; a PKCS#12 round trip suits every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (ArgumentException e)
        {
            throw new CryptographicException(e.Message, e);
        }
    }
}
