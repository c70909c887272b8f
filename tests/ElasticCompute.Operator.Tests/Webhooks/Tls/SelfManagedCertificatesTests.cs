using System.Security.Cryptography.X509Certificates;
using System.Text;
using ElasticCompute.Operator.Webhooks.Tls;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static ElasticCompute.Operator.Tests.Webhooks.Tls.TlsClusterFixture;

namespace ElasticCompute.Operator.Tests.Webhooks.Tls;

/// <summary>Replicas of the operator against one devcluster, agreeing on one Secret.</summary>
public sealed class SelfManagedCertificatesTests(TlsClusterFixture cluster) : IClassFixture<TlsClusterFixture>
{
    private const string SecretName = SelfManagedCertificateOptions.DefaultSecretName;

    [Fact]
    public async Task The_first_replica_creates_the_Secret_with_the_CA_and_the_serving_pair()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var replica = Replica(ns, time, new ListLogger());
        var changed = 0;
        replica.Changed += () => changed++;
        Assert.Throws<InvalidOperationException>(() => replica.Current);

        await replica.SyncAsync(CancellationToken.None);
        await replica.WaitForReadyAsync(CancellationToken.None);

        var secret = await cluster.SecretAsync(ns, SecretName);
        Assert.NotNull(secret);
        Assert.Equal("kubernetes.io/tls", secret.Type);
        Assert.Equal(["ca.crt", "ca.key", "tls.crt", "tls.key"], secret.Data.Keys.Order().ToArray());
        Assert.Equal(replica.Current.RawData, Leaf(secret).RawData);
        Assert.Equal(Text(secret, "ca.crt"), replica.CaBundle);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", replica.CaBundle, StringComparison.Ordinal);
        Assert.True(Chains(replica.Current, replica.CaBundle, time.GetUtcNow()));
        Assert.Equal(1, changed);

        // Nothing due: a second pass writes nothing and changes nothing.
        var version = secret.Metadata.ResourceVersion;
        await replica.SyncAsync(CancellationToken.None);
        Assert.Equal(version, (await cluster.SecretAsync(ns, SecretName))!.Metadata.ResourceVersion);
        Assert.Equal(1, changed);
    }

    [Fact]
    public async Task Two_replicas_starting_together_create_one_Secret_and_serve_the_same_certificate()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var race = new RacingSecretStore.Race();
        var (logA, logB) = (new ListLogger(), new ListLogger());
        using var a = Replica(ns, time, logA, race);
        using var b = Replica(ns, time, logB, race);

        // Both read "no Secret", then both create: one gets AlreadyExists and adopts the other's.
        race.Arm(2);
        await Task.WhenAll(a.SyncAsync(CancellationToken.None), b.SyncAsync(CancellationToken.None));

        var secret = (await cluster.SecretAsync(ns, SecretName))!;
        Assert.Equal(Leaf(secret).RawData, a.Current.RawData);
        Assert.Equal(Leaf(secret).RawData, b.Current.RawData);
        Assert.Equal(a.CaBundle, b.CaBundle);
        Assert.Single(new[] { logA, logB }, l => l.Has(LogLevel.Information, "was created by another replica first"));
    }

    [Fact]
    public async Task Two_replicas_rotating_at_once_end_with_one_winner_both_adopt_from_the_same_CA()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var race = new RacingSecretStore.Race();
        var (logA, logB) = (new ListLogger(), new ListLogger());
        using var a = Replica(ns, time, logA, race);
        using var b = Replica(ns, time, logB, race);
        await a.SyncAsync(CancellationToken.None);
        await b.SyncAsync(CancellationToken.None);
        var before = a.Current.RawData;
        var bundle = a.CaBundle;
        Assert.Equal(before, b.Current.RawData);

        // Into the last third of the year: both see it due, both read the same version, both write at once.
        time.Advance(TimeSpan.FromDays(250));
        race.Arm(2);
        await Task.WhenAll(a.SyncAsync(CancellationToken.None), b.SyncAsync(CancellationToken.None));

        var secret = (await cluster.SecretAsync(ns, SecretName))!;
        Assert.NotEqual(before, a.Current.RawData);
        Assert.Equal(Leaf(secret).RawData, a.Current.RawData);
        Assert.Equal(Leaf(secret).RawData, b.Current.RawData);
        Assert.Equal(bundle, a.CaBundle);
        Assert.Equal(bundle, b.CaBundle);
        Assert.True(Chains(a.Current, bundle, time.GetUtcNow()));
        Assert.Single(new[] { logA, logB }, l => l.Has(LogLevel.Information, "changed while this replica wrote it"));
        Assert.Single(new[] { logA, logB }, l => l.Has(LogLevel.Information, "renewed the serving certificate in Secret"));
    }

    [Fact]
    public async Task A_replica_follows_the_Secret_when_another_rotates_it()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var a = Replica(ns, time, new ListLogger());
        using var b = Replica(ns, time, new ListLogger());
        await a.SyncAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var following = b.RunAsync(stop.Token);
        await b.WaitForReadyAsync(CancellationToken.None);
        Assert.Equal(a.Current.RawData, b.Current.RawData);

        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Changed += () => changed.TrySetResult();

        // A rotates (its serving certificate is due first: it is the one checking).
        time.Advance(TimeSpan.FromDays(250));
        await a.SyncAsync(CancellationToken.None);

        // B's poll, on the fake clock, picks it up. B's own poll may have been due on the same tick and raced A (one
        // write wins, the other adopts it), so wait for B to settle on the Secret's certificate, not just any change.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(changed.Task.IsCompleted && a.Current.RawData.AsSpan().SequenceEqual(b.Current.RawData)) && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(changed.Task, Task.Delay(20));
        }

        Assert.True(changed.Task.IsCompleted, "replica b never picked up the rotated certificate");
        Assert.Equal(a.Current.RawData, b.Current.RawData);
        await stop.CancelAsync();
        await following;
    }

    [Fact]
    public async Task A_Secret_of_garbage_is_regenerated_with_a_clear_log()
    {
        var ns = await cluster.NamespaceAsync();
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = SecretName },
                Type = "kubernetes.io/tls",
                Data = new Dictionary<string, byte[]>
                {
                    ["tls.crt"] = Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"),
                    ["tls.key"] = Encoding.UTF8.GetBytes("garbage"),
                    ["ca.crt"] = Encoding.UTF8.GetBytes("garbage"),
                    ["ca.key"] = Encoding.UTF8.GetBytes("garbage"),
                },
            },
            ns);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new ListLogger();
        using var replica = Replica(ns, time, log);

        await replica.SyncAsync(CancellationToken.None);

        Assert.True(log.Has(LogLevel.Warning, $"Secret {ns}/{SecretName} is unusable (ca.crt holds no PEM certificate)"), log.Dump());
        var secret = (await cluster.SecretAsync(ns, SecretName))!;
        Assert.Equal(Leaf(secret).RawData, replica.Current.RawData);
        Assert.True(Chains(replica.Current, Text(secret, "ca.crt"), time.GetUtcNow()));
        TlsMaterial.Parse(secret.Data, time);
    }

    [Fact]
    public async Task A_Secret_without_ca_key_gets_a_new_CA_and_keeps_the_old_one_trusted()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var first = Replica(ns, time, new ListLogger());
        await first.SyncAsync(CancellationToken.None);
        var oldCa = first.Material!.Authority.Certificate.RawData;
        var secret = (await cluster.SecretAsync(ns, SecretName))!;
        secret.Data.Remove("ca.key");
        await cluster.Client.CoreV1.ReplaceNamespacedSecretAsync(secret, SecretName, ns);

        var log = new ListLogger();
        using var replica = Replica(ns, time, log);
        await replica.SyncAsync(CancellationToken.None);

        Assert.True(log.Has(LogLevel.Warning, "is unusable (the Secret has no ca.key); generating a new CA"), log.Dump());
        var material = replica.Material!;
        Assert.NotEqual(oldCa, material.Authority.Certificate.RawData);
        Assert.Equal(2, material.Bundle.Count);
        Assert.Equal(oldCa, material.Bundle[1].RawData);

        // The other replica, still on the old pair, moves to the new one at its next poll.
        await first.SyncAsync(CancellationToken.None);
        Assert.Equal(replica.Current.RawData, first.Current.RawData);
        Assert.Equal(replica.CaBundle, first.CaBundle);
    }

    [Fact]
    public async Task A_serving_pair_that_does_not_match_is_regenerated()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var first = Replica(ns, time, new ListLogger());
        await first.SyncAsync(CancellationToken.None);
        var secret = (await cluster.SecretAsync(ns, SecretName))!;
        using var stranger = CertificateAuthority.Create(time);
        secret.Data["tls.key"] = Encoding.UTF8.GetBytes(stranger.KeyPem);
        await cluster.Client.CoreV1.ReplaceNamespacedSecretAsync(secret, SecretName, ns);

        var log = new ListLogger();
        using var replica = Replica(ns, time, log);
        await replica.SyncAsync(CancellationToken.None);

        Assert.True(log.Has(LogLevel.Warning, "tls.crt/tls.key are not a certificate and its key"), log.Dump());
        TlsMaterial.Parse((await cluster.SecretAsync(ns, SecretName))!.Data, time);
    }

    [Fact]
    public async Task The_CA_is_renewed_near_its_expiry_with_an_overlap_in_the_bundle()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options(ns) with { CaValidity = TimeSpan.FromDays(30), ServingValidity = TimeSpan.FromDays(3) };
        using var replica = new SelfManagedCertificates(cluster.Client, options, time, new ListLogger());
        await replica.SyncAsync(CancellationToken.None);
        var oldCa = replica.Material!.Authority.Certificate;

        // Day 21: the CA is in its last third. A new CA joins the bundle; the serving certificate, due as well,
        // still comes from the outgoing CA, which every caBundle already trusts.
        time.Advance(TimeSpan.FromDays(21));
        await replica.SyncAsync(CancellationToken.None);
        var material = replica.Material!;
        var newCa = material.Authority.Certificate;
        Assert.NotEqual(oldCa.RawData, newCa.RawData);
        Assert.Equal([newCa.RawData, oldCa.RawData], material.Bundle.Select(c => c.RawData));
        Assert.True(CertificateAuthorityTests.ChainsTo(replica.Current, oldCa, time.GetUtcNow()));
        Assert.True(Chains(replica.Current, replica.CaBundle, time.GetUtcNow()));

        // Its next renewal comes from the new CA; the old one stays trusted until it expires.
        time.Advance(TimeSpan.FromDays(2.5));
        await replica.SyncAsync(CancellationToken.None);
        Assert.True(CertificateAuthorityTests.ChainsTo(replica.Current, newCa, time.GetUtcNow()));
        Assert.Equal(2, replica.Material!.Bundle.Count);

        // Once the old CA has expired, the next write leaves it out.
        time.Advance(TimeSpan.FromDays(7));
        await replica.SyncAsync(CancellationToken.None);
        Assert.Equal([newCa.RawData], replica.Material!.Bundle.Select(c => c.RawData));
        Assert.True(Chains(replica.Current, replica.CaBundle, time.GetUtcNow()));
    }

    [Fact]
    public async Task A_certificate_without_a_configured_name_is_reissued()
    {
        var ns = await cluster.NamespaceAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var before = Replica(ns, time, new ListLogger());
        await before.SyncAsync(CancellationToken.None);

        using var after = new SelfManagedCertificates(cluster.Client, Options(ns) with { Names = ServingNames.ForService("webhook", ns) }, time, new ListLogger());
        await after.SyncAsync(CancellationToken.None);

        Assert.Contains($"webhook.{ns}.svc", after.Current.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.Equal(before.CaBundle, after.CaBundle);
    }

    internal static bool Chains(X509Certificate2 leaf, string bundlePem, DateTimeOffset at)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(bundlePem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(leaf);
    }

    private static X509Certificate2 Leaf(V1Secret secret) => X509Certificate2.CreateFromPem(Text(secret, "tls.crt"));

    private static SelfManagedCertificateOptions Options(string ns) => new() { Namespace = ns, Names = ServingNames.ForLocalhost() };

    private SelfManagedCertificates Replica(string ns, TimeProvider time, ILogger log, RacingSecretStore.Race? race = null)
    {
        ISecretStore store = new KubernetesSecretStore(cluster.Client, ns, SecretName);
        if (race is not null)
        {
            store = new RacingSecretStore(store, race);
        }

        return new SelfManagedCertificates(store, Options(ns), time, log);
    }
}
