using ElasticCompute.Operator.Webhooks.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>cert-manager mode: the pair from a mounted Secret's files.</summary>
public sealed class FileCertificateSourceTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "operator-tls-files", Guid.NewGuid().ToString("n"));
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly CertificateAuthority ca;

    public FileCertificateSourceTests()
    {
        Directory.CreateDirectory(directory);
        ca = CertificateAuthority.Create(time);
    }

    public void Dispose()
    {
        ca.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Loads_the_pair_and_reloads_it_when_the_files_change()
    {
        var log = new ListLogger();
        var source = new FileCertificateSource(directory, time, log);
        var changed = 0;
        source.Changed += () => changed++;
        var first = ca.Issue(ServingNames.ForLocalhost());
        Write(first, withCa: true);

        Assert.True(source.Reload());
        await source.WaitForReadyAsync(CancellationToken.None);
        Assert.Equal(Raw(first), source.Current.RawData);
        Assert.True(source.Current.HasPrivateKey);
        Assert.Equal(ca.CertificatePem, source.CaBundle);
        Assert.Equal(1, changed);

        Assert.False(source.Reload());
        Assert.Equal(1, changed);

        var second = ca.Issue(ServingNames.ForLocalhost());
        Write(second);
        Assert.True(source.Reload());
        Assert.Equal(Raw(second), source.Current.RawData);
        Assert.Equal(2, changed);
    }

    [Fact]
    public void A_half_written_pair_keeps_the_last_good_one_until_the_key_arrives()
    {
        var log = new ListLogger();
        var source = new FileCertificateSource(directory, time, log);
        var first = ca.Issue(ServingNames.ForLocalhost());
        Write(first);
        Assert.True(source.Reload());
        var good = source.Current;

        // The new certificate is there, its key not yet.
        var second = ca.Issue(ServingNames.ForLocalhost());
        File.WriteAllText(Path.Combine(directory, "tls.crt"), second.Certificate);
        Assert.False(source.Reload());
        Assert.Same(good, source.Current);
        Assert.True(log.Has(LogLevel.Warning, "are not a usable certificate and key"), log.Dump());

        // Garbage is no better.
        File.WriteAllText(Path.Combine(directory, "tls.key"), "-----BEGIN EC PRIVATE KEY-----\ngarbage\n-----END EC PRIVATE KEY-----\n");
        Assert.False(source.Reload());
        Assert.Same(good, source.Current);

        File.WriteAllText(Path.Combine(directory, "tls.key"), second.Key);
        Assert.True(source.Reload());
        Assert.Equal(Raw(second), source.Current.RawData);
    }

    [Fact]
    public void Missing_files_mean_not_ready_yet_said_once()
    {
        var log = new ListLogger();
        var source = new FileCertificateSource(Path.Combine(directory, "not-mounted"), time, log);
        Assert.False(source.Reload());
        Assert.False(source.Reload());
        Assert.False(source.WaitForReadyAsync(CancellationToken.None).IsCompleted);
        Assert.Throws<InvalidOperationException>(() => source.Current);
        Assert.Single(log.Entries, e => e.Message.Contains("waiting for", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Running_it_follows_the_files_on_its_clock_and_the_server_serves_the_new_pair()
    {
        var source = new FileCertificateSource(directory, time, new ListLogger(), TimeSpan.FromSeconds(30));
        Write(ca.Issue(ServingNames.ForLocalhost()), withCa: true);
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(stop.Token);
        await source.WaitForReadyAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await using var server = await TlsTestServer.StartAsync(source);
        using var before = await TrustingClient.PresentedAsync(server.Url, source.CaBundle, time.GetUtcNow);

        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Changed += () => changed.TrySetResult();
        var next = ca.Issue(ServingNames.ForLocalhost());
        Write(next);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!changed.Task.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(changed.Task, Task.Delay(20));
        }

        Assert.True(changed.Task.IsCompleted, "the new files were never picked up");
        using var after = await TrustingClient.PresentedAsync(server.Url, source.CaBundle, time.GetUtcNow);
        Assert.NotEqual(before.SerialNumber, after.SerialNumber);
        Assert.Equal(Raw(next), after.RawData);
        await stop.CancelAsync();
        await running;
    }

    private static byte[] Raw(PemPair pair)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pair.Certificate);
        return certificate.RawData;
    }

    private void Write(PemPair pair, bool withCa = false)
    {
        File.WriteAllText(Path.Combine(directory, "tls.crt"), pair.Certificate);
        File.WriteAllText(Path.Combine(directory, "tls.key"), pair.Key);
        if (withCa)
        {
            File.WriteAllText(Path.Combine(directory, "ca.crt"), ca.CertificatePem);
        }
    }
}
