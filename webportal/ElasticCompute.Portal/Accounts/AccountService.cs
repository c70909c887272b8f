using System.Collections.Immutable;
using System.Security.Cryptography;
using ElasticCompute.Api.Schema;
using Microsoft.AspNetCore.Identity;

namespace ElasticCompute.Portal.Accounts;

/// <summary>Sign-in with lockout, and what admins do to accounts. Passwords are hashed with Identity's PBKDF2 hasher and never logged.</summary>
internal sealed class AccountService(IAccountStore store, IPasswordHasher<PortalAccount> hasher, AccountPolicy policy, TimeProvider time)
{
    public const int MinimumPasswordLength = 12;

    // Verified when the name is unknown, so a wrong name costs as long as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<PortalAccount>().HashPassword(null!, "decoy-password-never-used"));

    public async Task<SignInOutcome> SignInAsync(string name, string password, CancellationToken cancellationToken)
    {
        var accounts = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!accounts.TryGetValue(name, out var account))
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            return SignInOutcome.Refused;
        }

        var now = time.GetUtcNow();
        if (account.LockedUntil is { } locked && locked > now)
        {
            return new SignInOutcome(null, locked);
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        var good = verdict is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
        return await store.ChangeAsync(all =>
        {
            if (!all.TryGetValue(name, out var stored))
            {
                return (all, SignInOutcome.Refused);
            }

            // Locked since the copy read above (by another replica, or by a request at the same time): it stays locked,
            // and neither this password nor a guess may clear or restart the count.
            if (stored.LockedUntil is { } lockedNow && lockedNow > now)
            {
                return (all, new SignInOutcome(null, lockedNow));
            }

            if (good)
            {
                var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(stored, password) : stored.PasswordHash;
                var cleared = stored with { FailedSignIns = 0, LockedUntil = null, PasswordHash = hash };
                return (cleared == stored ? all : With(all, cleared), new SignInOutcome(cleared, null));
            }

            var failed = stored.FailedSignIns + 1;
            var lockedUntil = failed >= policy.LockoutThreshold ? now + policy.LockoutDuration : (DateTimeOffset?)null;
            var updated = stored with { FailedSignIns = lockedUntil is null ? failed : 0, LockedUntil = lockedUntil };
            return (With(all, updated), new SignInOutcome(null, lockedUntil));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the first admin when there is no account; returns its password (null when accounts exist).</summary>
    public Task<string?> EnsureInitialAdminAsync(string? password, CancellationToken cancellationToken) =>
        store.ChangeAsync(all =>
        {
            if (all.Count > 0)
            {
                return (all, (string?)null);
            }

            var chosen = password ?? GeneratePassword();
            var admin = new PortalAccount("admin", string.Empty, AccountRole.Admin, [], 0, null, PortalAccount.NewStamp(), []);
            admin = admin with { PasswordHash = hasher.HashPassword(admin, chosen) };
            return (With(all, admin), (string?)chosen);
        }, cancellationToken);

    /// <summary>Null when created; else why not, naming the field.</summary>
    public Task<AccountProblem?> CreateAsync(string name, string password, AccountRole role, IReadOnlyList<string> tenants, CancellationToken cancellationToken)
    {
        if (NameProblem(name) is { } nameProblem)
        {
            return Task.FromResult<AccountProblem?>(nameProblem);
        }

        if (PasswordProblem(password) is { } passwordProblem)
        {
            return Task.FromResult<AccountProblem?>(passwordProblem);
        }

        return store.ChangeAsync(all =>
        {
            if (all.ContainsKey(name))
            {
                return (all, (AccountProblem?)new AccountProblem("name", $"an account named \"{name}\" already exists"));
            }

            var account = new PortalAccount(name, string.Empty, role, tenants.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), 0, null, PortalAccount.NewStamp(), []);
            account = account with { PasswordHash = hasher.HashPassword(account, password) };
            return (With(all, account), (AccountProblem?)null);
        }, cancellationToken);
    }

    /// <summary>Sets a new password, unlocks the account and ends its sessions.</summary>
    public Task<AccountProblem?> ResetPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        if (PasswordProblem(password) is { } problem)
        {
            return Task.FromResult<AccountProblem?>(problem);
        }

        return Update(name, a => a with { PasswordHash = hasher.HashPassword(a, password), FailedSignIns = 0, LockedUntil = null, Stamp = PortalAccount.NewStamp() }, cancellationToken);
    }

    public Task<AccountProblem?> SetTenantsAsync(string name, IReadOnlyList<string> tenants, CancellationToken cancellationToken) =>
        Update(name, a => a with { Tenants = tenants.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() }, cancellationToken);

    public Task<AccountProblem?> SetRoleAsync(string name, AccountRole role, CancellationToken cancellationToken) =>
        Update(name, a => a.Role == role ? a : a with { Role = role, Stamp = PortalAccount.NewStamp() }, cancellationToken);

    public Task<AccountProblem?> UnlockAsync(string name, CancellationToken cancellationToken) =>
        Update(name, a => a with { FailedSignIns = 0, LockedUntil = null }, cancellationToken);

    public Task<AccountProblem?> SaveSshKeyAsync(string name, string key, CancellationToken cancellationToken) =>
        Update(name, a => a.SshKeys.Contains(key, StringComparer.Ordinal) ? a : a with { SshKeys = [.. a.SshKeys.TakeLast(19), key] }, cancellationToken);

    public Task<AccountProblem?> DeleteAsync(string name, CancellationToken cancellationToken) =>
        store.ChangeAsync(all =>
        {
            if (!all.ContainsKey(name))
            {
                return (all, (AccountProblem?)new AccountProblem("name", $"no account is named \"{name}\""));
            }

            if (all[name].IsAdmin && all.Values.Count(a => a.IsAdmin) == 1)
            {
                return (all, (AccountProblem?)new AccountProblem("name", "the last admin cannot be deleted: make another account an admin first"));
            }

            return (all.Where(a => a.Key != name).ToImmutableDictionary(StringComparer.Ordinal), (AccountProblem?)null);
        }, cancellationToken);

    public static AccountProblem? PasswordProblem(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength
            ? new AccountProblem("password", $"must be at least {MinimumPasswordLength} characters")
            : password.Length > 256 ? new AccountProblem("password", "must be at most 256 characters") : null;

    public static AccountProblem? NameProblem(string? name) =>
        string.IsNullOrEmpty(name) ? new AccountProblem("name", "is required")
        : name.Length > 63 ? new AccountProblem("name", $"is {name.Length} characters, more than the 63 allowed")
        : !DnsNames.IsLabel(name) ? new AccountProblem("name", "use lower-case letters, digits and '-', starting and ending with a letter or digit")
        : null;

    private Task<AccountProblem?> Update(string name, Func<PortalAccount, PortalAccount> change, CancellationToken cancellationToken) =>
        store.ChangeAsync(all =>
        {
            if (!all.TryGetValue(name, out var account))
            {
                return (all, (AccountProblem?)new AccountProblem("name", $"no account is named \"{name}\""));
            }

            var updated = change(account);
            if (account.IsAdmin && !updated.IsAdmin && all.Values.Count(a => a.IsAdmin) == 1)
            {
                return (all, (AccountProblem?)new AccountProblem("role", "the last admin must stay an admin: make another account an admin first"));
            }

            return (updated == account ? all : With(all, updated), (AccountProblem?)null);
        }, cancellationToken);

    private static IReadOnlyDictionary<string, PortalAccount> With(IReadOnlyDictionary<string, PortalAccount> all, PortalAccount account) =>
        new Dictionary<string, PortalAccount>(all, StringComparer.Ordinal) { [account.Name] = account };

    private static string GeneratePassword()
    {
        // 20 characters from an alphabet without look-alikes (0/O, 1/l): about 115 bits.
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
