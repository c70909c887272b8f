namespace ElasticCompute.Portal.Accounts;

/// <summary>A built-in account as stored in the accounts Secret.</summary>
/// <param name="Name">The sign-in name (a DNS label, so it can name an impersonated user).</param>
/// <param name="PasswordHash">ASP.NET Core Identity's PBKDF2 hash; the password itself is never kept.</param>
/// <param name="Tenants">Namespaces the account uses (admins use every tenant).</param>
/// <param name="FailedSignIns">Failed sign-ins since the last good one.</param>
/// <param name="LockedUntil">Set when <paramref name="FailedSignIns"/> reached the threshold.</param>
/// <param name="Stamp">Changes when the password or the role does, which ends the account's open sessions.</param>
/// <param name="SshKeys">Public keys the user saved, offered on the create page.</param>
public sealed record PortalAccount(
    string Name,
    string PasswordHash,
    AccountRole Role,
    IReadOnlyList<string> Tenants,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string Stamp,
    IReadOnlyList<string> SshKeys)
{
    public bool IsAdmin => Role == AccountRole.Admin;

    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
