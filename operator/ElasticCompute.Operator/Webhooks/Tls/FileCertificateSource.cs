using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ElasticCompute.Operator.Webhooks.Tls;

/// <summary>
/// The serving certificate from a directory holding <c>tls.crt</c>, <c>tls.key</c> and (optionally) <c>ca.crt</c>:
/// a mounted cert-manager Secret. Polled on the injected clock; a new pair is served once it parses and its key
/// is the certificate's, so a half-written pair (kubelet swaps the files, a person copies them one at a time)
/// keeps the last good one. cert-manager's CA injector writes the caBundle in this mode, not the operator.
/// </summary>
internal sealed class FileCertificateSource(string directory, TimeProvider time, ILogger logger, TimeSpan? pollInterval = null) : ICertificateSource
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private volatile Loaded? loaded;
    private byte[][]? lastSeen;

    public event Action? Changed;

    public X509Certificate2 Current => loaded?.Certificate
        ?? throw new InvalidOperationException($"no webhook serving certificate loaded from {directory} yet; await WaitForReadyAsync first");

    public string CaBundle => loaded?.CaBundle ?? string.Empty;

    public string Directory => directory;

    public Task WaitForReadyAsync(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Reload();
                await Task.Delay(pollInterval ?? DefaultPollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the files; true when a new pair (or CA bundle) is now served.</summary>
    public bool Reload()
    {
        bool changed;
        lock (gate)
        {
            changed = ReloadLocked();
        }

        if (changed)
        {
            ready.TrySetResult();
            ChangeHandlers.Raise(Changed, logger);
        }

        return changed;
    }

    private bool ReloadLocked()
    {
        byte[] certificate, key, ca;
        try
        {
            certificate = File.ReadAllBytes(Path.Combine(directory, TlsMaterial.CertificateKey));
            key = File.ReadAllBytes(Path.Combine(directory, TlsMaterial.KeyKey));
            var caPath = Path.Combine(directory, TlsMaterial.CaCertificateKey);
            ca = File.Exists(caPath) ? File.ReadAllBytes(caPath) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (lastSeen is not { Length: 0 })
            {
                // Said once, not every poll.
                lastSeen = [];
                TlsLog.FileMissing(logger, directory, e.Message);
            }

            return false;
        }

        byte[][] seen = [certificate, key, ca];
        if (lastSeen is not null && lastSeen.Length == 3 && seen.Zip(lastSeen).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
        {
            return false;
        }

        lastSeen = seen;
        X509Certificate2 next;
        try
        {
            next = new PemPair(Encoding.UTF8.GetString(certificate), Encoding.UTF8.GetString(key)).Load();
        }
        catch (CryptographicException e)
        {
            TlsLog.FileUnusable(logger, directory, e.Message);
            return false;
        }

        var bundle = Encoding.UTF8.GetString(ca);
        var previous = loaded;
        if (previous is not null && previous.Certificate.RawDataMemory.Span.SequenceEqual(next.RawDataMemory.Span) && previous.CaBundle == bundle)
        {
            next.Dispose();
            return false;
        }

        loaded = new Loaded(next, bundle);
        TlsLog.FileLoaded(logger, next.SerialNumber, next.NotAfter.ToUniversalTime(), directory);
        return true;
    }

    private sealed record Loaded(X509Certificate2 Certificate, string CaBundle);
}
