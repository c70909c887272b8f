using ElasticCompute.Portal.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.Portal.Tests.Accounts;

/// <summary>Sign-in with lockout and the admin's changes to accounts, on an in-memory store and a fake clock.</summary>
public sealed class AccountServiceTests
{
    private const string Password = "correct-horse-battery";
    private const string WrongPassword = "wrong-horse-battery";
    private const int Threshold = 5;

    private static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryAccountStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly AccountService accounts;

    public AccountServiceTests()
    {
        accounts = new AccountService(store, new PasswordHasher<PortalAccount>(), new AccountPolicy(Threshold, LockoutDuration), time);
    }

    [Fact]
    public async Task The_right_password_signs_in()
    {
        await CreateAliceAsync();

        var outcome = await accounts.SignInAsync("alice", Password, None);

        Assert.True(outcome.Succeeded);
        Assert.Equal("alice", outcome.Account!.Name);
        Assert.Equal(["team-a"], outcome.Account.Tenants);
        Assert.Null(outcome.LockedUntil);
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        await CreateAliceAsync();

        var outcome = await accounts.SignInAsync("alice", WrongPassword, None);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Account);
        Assert.Null(outcome.LockedUntil);
        Assert.Equal(1, store.Accounts["alice"].FailedSignIns);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_until_the_lockout_has_passed()
    {
        await CreateAliceAsync();
        for (var i = 1; i < Threshold; i++)
        {
            Assert.Null((await accounts.SignInAsync("alice", WrongPassword, None)).LockedUntil);
        }

        var fifth = await accounts.SignInAsync("alice", WrongPassword, None);
        var until = time.GetUtcNow() + LockoutDuration;
        Assert.False(fifth.Succeeded);
        Assert.Equal(until, fifth.LockedUntil);
        Assert.Equal(until, store.Accounts["alice"].LockedUntil);

        // Locked: even the right password is refused, and says until when.
        var right = await accounts.SignInAsync("alice", Password, None);
        Assert.False(right.Succeeded);
        Assert.Equal(until, right.LockedUntil);

        time.Advance(LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.False((await accounts.SignInAsync("alice", Password, None)).Succeeded);

        time.Advance(TimeSpan.FromSeconds(1));
        var after = await accounts.SignInAsync("alice", Password, None);
        Assert.True(after.Succeeded);
        Assert.Null(store.Accounts["alice"].LockedUntil);
        Assert.Equal(0, store.Accounts["alice"].FailedSignIns);
    }

    [Fact]
    public async Task A_good_sign_in_resets_the_failure_count()
    {
        await CreateAliceAsync();
        for (var i = 1; i < Threshold; i++)
        {
            await accounts.SignInAsync("alice", WrongPassword, None);
        }

        Assert.True((await accounts.SignInAsync("alice", Password, None)).Succeeded);
        Assert.Equal(0, store.Accounts["alice"].FailedSignIns);

        // Four more failures are four, not eight: no lock.
        for (var i = 1; i < Threshold; i++)
        {
            Assert.Null((await accounts.SignInAsync("alice", WrongPassword, None)).LockedUntil);
        }

        Assert.Equal(Threshold - 1, store.Accounts["alice"].FailedSignIns);
        Assert.Null(store.Accounts["alice"].LockedUntil);
    }

    [Fact]
    public async Task A_sign_in_that_read_an_older_copy_does_not_undo_a_lockout()
    {
        await CreateAliceAsync();

        // Reads keep the copy from before the lockout, as another replica's cache may for a few seconds
        // (or as requests that read just before the fifth failure was written).
        store.HoldReads();
        for (var i = 0; i < Threshold; i++)
        {
            await accounts.SignInAsync("alice", WrongPassword, None);
        }

        var until = time.GetUtcNow() + LockoutDuration;
        Assert.Equal(until, store.Accounts["alice"].LockedUntil);

        var guess = await accounts.SignInAsync("alice", WrongPassword, None);
        Assert.Equal(until, guess.LockedUntil);
        Assert.Equal(until, store.Accounts["alice"].LockedUntil);

        var right = await accounts.SignInAsync("alice", Password, None);
        Assert.False(right.Succeeded);
        Assert.Equal(until, right.LockedUntil);
        Assert.Equal(until, store.Accounts["alice"].LockedUntil);
    }

    [Fact]
    public async Task An_unknown_name_is_refused()
    {
        await CreateAliceAsync();
        var writes = store.Writes;

        var outcome = await accounts.SignInAsync("mallory", Password, None);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.LockedUntil);
        Assert.Equal(writes, store.Writes);
        Assert.False(store.Accounts.ContainsKey("mallory"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("elevenchars")]
    public async Task A_password_shorter_than_twelve_characters_is_refused_naming_the_password_field(string password)
    {
        var problem = await accounts.CreateAsync("carol", password, AccountRole.Member, [], None);

        Assert.NotNull(problem);
        Assert.Equal("password", problem.Field);
        Assert.Contains("12", problem.Message, StringComparison.Ordinal);
        Assert.False(store.Accounts.ContainsKey("carol"));
    }

    [Fact]
    public async Task A_password_of_twelve_characters_is_accepted()
    {
        Assert.Null(await accounts.CreateAsync("carol", "twelve-chars", AccountRole.Member, [], None));
        Assert.True(store.Accounts.ContainsKey("carol"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Alice")]
    [InlineData("alice_smith")]
    [InlineData("-alice")]
    [InlineData("alice.smith")]
    public async Task An_invalid_account_name_is_refused_naming_the_name_field(string name)
    {
        var problem = await accounts.CreateAsync(name, Password, AccountRole.Member, [], None);

        Assert.NotNull(problem);
        Assert.Equal("name", problem.Field);
        Assert.Empty(store.Accounts);
    }

    [Fact]
    public async Task A_second_account_with_a_taken_name_is_refused()
    {
        await CreateAliceAsync();

        var problem = await accounts.CreateAsync("alice", "another-password", AccountRole.Admin, [], None);

        Assert.Equal("name", problem?.Field);
        Assert.Equal(AccountRole.Member, store.Accounts["alice"].Role);
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_deleted_nor_demoted()
    {
        await accounts.EnsureInitialAdminAsync("admin-password-12", None);

        Assert.Equal("name", (await accounts.DeleteAsync("admin", None))?.Field);
        Assert.Equal("role", (await accounts.SetRoleAsync("admin", AccountRole.Member, None))?.Field);
        Assert.True(store.Accounts["admin"].IsAdmin);

        // With a second admin the first may go; then the second is the last.
        Assert.Null(await accounts.CreateAsync("root", "root-password-12", AccountRole.Admin, [], None));
        Assert.Null(await accounts.SetRoleAsync("admin", AccountRole.Member, None));
        Assert.False(store.Accounts["admin"].IsAdmin);
        Assert.Equal("name", (await accounts.DeleteAsync("root", None))?.Field);
        Assert.Null(await accounts.DeleteAsync("admin", None));
        Assert.Equal(["root"], store.Accounts.Keys);
    }

    [Fact]
    public async Task A_changed_role_changes_the_stamp_so_open_sessions_end()
    {
        await CreateAliceAsync();
        var stamp = store.Accounts["alice"].Stamp;

        Assert.Null(await accounts.SetRoleAsync("alice", AccountRole.Admin, None));

        Assert.NotEqual(stamp, store.Accounts["alice"].Stamp);
        Assert.True(store.Accounts["alice"].IsAdmin);
    }

    [Fact]
    public async Task Resetting_a_password_changes_the_stamp_and_unlocks_the_account()
    {
        await CreateAliceAsync();
        var stamp = store.Accounts["alice"].Stamp;
        for (var i = 0; i < Threshold; i++)
        {
            await accounts.SignInAsync("alice", WrongPassword, None);
        }

        Assert.NotNull(store.Accounts["alice"].LockedUntil);

        Assert.Null(await accounts.ResetPasswordAsync("alice", "a-brand-new-password", None));

        var alice = store.Accounts["alice"];
        Assert.NotEqual(stamp, alice.Stamp);
        Assert.Null(alice.LockedUntil);
        Assert.Equal(0, alice.FailedSignIns);
        Assert.True((await accounts.SignInAsync("alice", "a-brand-new-password", None)).Succeeded);
        Assert.False((await accounts.SignInAsync("alice", Password, None)).Succeeded);
    }

    [Fact]
    public async Task A_reset_to_a_short_password_is_refused_and_changes_nothing()
    {
        await CreateAliceAsync();
        var before = store.Accounts["alice"];

        Assert.Equal("password", (await accounts.ResetPasswordAsync("alice", "short", None))?.Field);
        Assert.Same(before, store.Accounts["alice"]);
    }

    [Fact]
    public async Task The_initial_admin_is_made_once()
    {
        Assert.Equal("first-admin-password", await accounts.EnsureInitialAdminAsync("first-admin-password", None));
        var admin = store.Accounts["admin"];
        Assert.Equal(AccountRole.Admin, admin.Role);
        Assert.True((await accounts.SignInAsync("admin", "first-admin-password", None)).Succeeded);

        Assert.Null(await accounts.EnsureInitialAdminAsync("second-admin-password", None));
        Assert.Null(await accounts.EnsureInitialAdminAsync(null, None));
        Assert.Single(store.Accounts);
        Assert.False((await accounts.SignInAsync("admin", "second-admin-password", None)).Succeeded);
    }

    [Fact]
    public async Task Without_a_chosen_password_the_initial_admin_gets_a_long_random_one()
    {
        var password = await accounts.EnsureInitialAdminAsync(null, None);

        Assert.NotNull(password);
        Assert.Equal(20, password.Length);
        Assert.True((await accounts.SignInAsync("admin", password, None)).Succeeded);
    }

    [Fact]
    public async Task The_stored_hash_is_a_pbkdf2_hash_and_not_the_password()
    {
        await CreateAliceAsync();
        Assert.Null(await accounts.CreateAsync("bob", Password, AccountRole.Member, [], None));
        var alice = store.Accounts["alice"];

        Assert.DoesNotContain(Password, alice.PasswordHash, StringComparison.Ordinal);

        // Identity's format: version byte 0x01 (PBKDF2 with HMAC-SHA512), salted, so the same password hashes differently.
        Assert.Equal(0x01, Convert.FromBase64String(alice.PasswordHash)[0]);
        Assert.NotEqual(alice.PasswordHash, store.Accounts["bob"].PasswordHash);
        var hasher = new PasswordHasher<PortalAccount>();
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(alice, alice.PasswordHash, Password));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(alice, alice.PasswordHash, WrongPassword));
    }

    private async Task CreateAliceAsync() =>
        Assert.Null(await accounts.CreateAsync("alice", Password, AccountRole.Member, ["team-a"], None));
}
