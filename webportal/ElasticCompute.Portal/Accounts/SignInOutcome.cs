namespace ElasticCompute.Portal.Accounts;

/// <summary>What a sign-in attempt came to. A wrong name and a wrong password read the same to the user.</summary>
public sealed record SignInOutcome(PortalAccount? Account, DateTimeOffset? LockedUntil)
{
    public static SignInOutcome Refused { get; } = new(null, null);

    public bool Succeeded => Account is not null;
}
