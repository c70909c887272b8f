using System.Collections.Concurrent;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ElasticCompute.Operator.Webhooks.Tls;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>Kestrel serving the operator's certificate through ServerCertificateSelector, as the webhook server does.</summary>
public sealed class TlsHandshakeTests(TlsClusterFixture cluster) : IClassFixture<TlsClusterFixture>
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_client_trusting_only_the_generated_CA_connects_and_one_with_default_trust_does_not()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var source = await SourceAsync(time);
        await using var server = await TlsTestServer.StartAsync(source);

        using var trusting = new TrustingClient(source.CaBundle, time.GetUtcNow);
        Assert.Equal("ok", await trusting.Client.GetStringAsync(server.Url));
        Assert.Equal(source.Current.RawData, Assert.Single(trusting.Seen));

        using var defaultTrust = new HttpClient();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => defaultTrust.GetStringAsync(server.Url));
        Assert.IsType<AuthenticationException>(refused.InnerException);

        using var otherCa = CertificateAuthority.Create(time);
        using var trustingAnother = new TrustingClient(otherCa.CertificatePem, time.GetUtcNow);
        await Assert.ThrowsAsync<HttpRequestException>(() => trustingAnother.Client.GetStringAsync(server.Url));
    }

    [Fact]
    public async Task A_rotation_while_requests_are_in_flight_fails_none_and_then_the_new_certificate_is_served()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var source = await SourceAsync(time);
        await using var server = await TlsTestServer.StartAsync(source);
        var bundle = source.CaBundle;
        var old = source.Current;

        // Fresh connections (a full handshake each) and kept-alive ones, from 8 workers, the whole time.
        using var handshaking = new TrustingClient(bundle, time.GetUtcNow);
        using var pooled = new TrustingClient(bundle, time.GetUtcNow, newConnectionPerRequest: false);
        var failures = new ConcurrentQueue<Exception>();
        var done = 0;
        var warmedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawNew = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        byte[]? rotated = null;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var client = i % 2 == 0 ? handshaking : pooled;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    Assert.Equal("ok", await client.Client.GetStringAsync(server.Url));
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }

                if (Interlocked.Increment(ref done) >= 100)
                {
                    warmedUp.TrySetResult();
                }

                if (Volatile.Read(ref rotated) is { } fresh && handshaking.Seen.Count(s => s.AsSpan().SequenceEqual(fresh)) >= 50)
                {
                    sawNew.TrySetResult();
                }
            }
        })).ToArray();

        await warmedUp.Task.WaitAsync(Cap);

        // Into the renewal window, and one pass of the loop: the serving certificate is replaced mid-traffic.
        time.Advance(TimeSpan.FromDays(250));
        await source.SyncAsync(CancellationToken.None);
        Volatile.Write(ref rotated, source.Current.RawData);
        await sawNew.Task.WaitAsync(Cap);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.Contains(handshaking.Seen, s => s.AsSpan().SequenceEqual(old.RawData));
        using var presented = await TrustingClient.PresentedAsync(server.Url, bundle, time.GetUtcNow);
        Assert.NotEqual(old.SerialNumber, presented.SerialNumber);
        Assert.NotEqual(old.Thumbprint, presented.Thumbprint);
        Assert.Equal(source.Current.RawData, presented.RawData);
        Assert.Equal(old.Issuer, presented.Issuer);
        Assert.Equal(bundle, source.CaBundle);
    }

    private async Task<SelfManagedCertificates> SourceAsync(TimeProvider time)
    {
        var ns = await cluster.NamespaceAsync();
        var source = new SelfManagedCertificates(cluster.Client, new SelfManagedCertificateOptions { Namespace = ns, Names = ServingNames.ForLocalhost() }, time, new ListLogger());
        await source.SyncAsync(CancellationToken.None);
        return source;
    }
}
