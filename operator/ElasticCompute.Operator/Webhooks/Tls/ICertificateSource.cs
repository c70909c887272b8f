using System.Security.Cryptography.X509Certificates;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>
/// The webhook server's certificate, which may change while the server runs: Kestrel asks for
/// <see cref="Current"/> on every handshake (<c>ServerCertificateSelector = (_, _) => source.Current</c>),
/// so a rotation needs no restart. Either the operator's own CA (<see cref="SelfManagedCertificates"/>) or a
/// mounted cert-manager Secret (<see cref="FileCertificateSource"/>).
/// </summary>
internal interface ICertificateSource
{
    /// <summary>The serving certificate with its private key; throws until the first one is loaded.</summary>
    X509Certificate2 Current { get; }

    /// <summary>PEM of the CA certificate(s) clients should trust (the webhook configurations' caBundle is its base64); empty when unknown.</summary>
    string CaBundle { get; }

    /// <summary>Raised after <see cref="Current"/> or <see cref="CaBundle"/> changed, the first load included (on the thread that noticed; keep handlers short).</summary>
    event Action? Changed;

    /// <summary>Completes once the first certificate is loaded (by <see cref="RunAsync"/>).</summary>
    Task WaitForReadyAsync(CancellationToken cancellationToken);

    /// <summary>Loads the first certificate, then follows changes until cancelled; returns when cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
