using System.Text;
using ElasticCompute.Portal.Accounts;
using ElasticCompute.Portal.Tests.Cluster;
using k8s;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Portal.Tests.Accounts;

/// <summary>The accounts Secret on a real devcluster, read and written by several store instances as replicas do.</summary>
public sealed class SecretAccountStoreTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private const string Password = "alice-password-for-store-tests";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Accounts_survive_a_new_store_instance()
    {
        var ns = await cluster.FreshNamespaceAsync("accounts");
        var first = Service(new SecretAccountStore(cluster.Client, ns, TimeProvider.System));
        Assert.Null(await first.CreateAsync("alice", Password, AccountRole.Member, ["team-a", "team-b"], None));

        using var client = cluster.NewClient();
        var replica = new SecretAccountStore(client, ns, TimeProvider.System);
        var alice = Assert.Contains("alice", await replica.ReadAsync(None));

        Assert.Equal(AccountRole.Member, alice.Role);
        Assert.Equal(["team-a", "team-b"], alice.Tenants);
        Assert.True((await Service(replica).SignInAsync("alice", Password, None)).Succeeded);
    }

    [Fact]
    public async Task Concurrent_changes_from_two_replicas_all_land()
    {
        var ns = await cluster.FreshNamespaceAsync("accounts");
        using var clientA = cluster.NewClient();
        using var clientB = cluster.NewClient();
        SecretAccountStore[] replicas = [new(clientA, ns, TimeProvider.System), new(clientB, ns, TimeProvider.System)];

        // The Secret does not exist yet: the first writes race to create it, the rest to replace it.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            replicas[i % 2].ChangeAsync(all => (With(all, Account($"user-{i:00}")), i), None))));

        Assert.Equal(Enumerable.Range(0, 20), results.Order());
        using var client = cluster.NewClient();
        var stored = await new SecretAccountStore(client, ns, TimeProvider.System).ReadAsync(None);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"user-{i:00}"), stored.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_change_that_returns_the_same_accounts_writes_nothing()
    {
        var ns = await cluster.FreshNamespaceAsync("accounts");
        var store = new SecretAccountStore(cluster.Client, ns, TimeProvider.System);
        await store.ChangeAsync(all => (With(all, Account("alice")), 0), None);
        var version = (await cluster.Client.CoreV1.ReadNamespacedSecretAsync(SecretAccountStore.SecretName, ns)).Metadata.ResourceVersion;

        Assert.Equal("kept", await store.ChangeAsync(all => (all, "kept"), None));

        Assert.Equal(version, (await cluster.Client.CoreV1.ReadNamespacedSecretAsync(SecretAccountStore.SecretName, ns)).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Another_replicas_change_is_seen_once_the_cached_copy_is_two_seconds_old()
    {
        var ns = await cluster.FreshNamespaceAsync("accounts");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        using var clientB = cluster.NewClient();
        var a = new SecretAccountStore(cluster.Client, ns, time);
        var b = new SecretAccountStore(clientB, ns, time);
        await b.ChangeAsync(all => (With(all, Account("alice")), 0), None);
        Assert.Contains("alice", await a.ReadAsync(None));

        await b.ChangeAsync(all => (With(all, Account("bob")), 0), None);
        Assert.DoesNotContain("bob", await a.ReadAsync(None));

        // Its own change a replica sees at once.
        await a.ChangeAsync(all => (With(all, Account("carol")), 0), None);
        Assert.Equal(["alice", "bob", "carol"], (await a.ReadAsync(None)).Keys.Order(StringComparer.Ordinal));

        await b.ChangeAsync(all => (With(all, Account("dave")), 0), None);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("dave", await a.ReadAsync(None));
    }

    [Fact]
    public async Task The_secret_never_holds_a_plain_password()
    {
        var ns = await cluster.FreshNamespaceAsync("accounts");
        var service = Service(new SecretAccountStore(cluster.Client, ns, TimeProvider.System));
        const string guess = "a-guessed-password-here";
        const string reset = "the-password-after-reset";
        Assert.Null(await service.CreateAsync("alice", Password, AccountRole.Member, ["team-a"], None));
        Assert.False((await service.SignInAsync("alice", guess, None)).Succeeded);
        Assert.True((await service.SignInAsync("alice", Password, None)).Succeeded);
        Assert.Null(await service.ResetPasswordAsync("alice", reset, None));

        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync(SecretAccountStore.SecretName, ns);
        var text = string.Join('\n', secret.Data.Values.Select(Encoding.UTF8.GetString));

        Assert.Contains("\"alice\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(guess, text, StringComparison.Ordinal);
        Assert.DoesNotContain(reset, text, StringComparison.Ordinal);
        var stored = (await new SecretAccountStore(cluster.Client, ns, TimeProvider.System).ReadAsync(None))["alice"];
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<PortalAccount>().VerifyHashedPassword(stored, stored.PasswordHash, reset));
    }

    private static AccountService Service(IAccountStore store) =>
        new(store, new PasswordHasher<PortalAccount>(), new AccountPolicy(5, TimeSpan.FromMinutes(15)), TimeProvider.System);

    private static PortalAccount Account(string name) =>
        new(name, "not-a-real-hash", AccountRole.Member, [], 0, null, PortalAccount.NewStamp(), []);

    private static IReadOnlyDictionary<string, PortalAccount> With(IReadOnlyDictionary<string, PortalAccount> all, PortalAccount account) =>
        new Dictionary<string, PortalAccount>(all, StringComparer.Ordinal) { [account.Name] = account };
}
