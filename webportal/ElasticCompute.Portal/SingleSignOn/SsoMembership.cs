namespace ElasticCompute.Portal.SingleSignOn;

/// <summary>What a user's groups give them in the portal.</summary>
internal sealed record SsoMembership(bool IsAdmin, IReadOnlyList<string> Tenants)
{
    /// <summary>Signed in, but nothing of any tenant to see.</summary>
    public bool GivesNothing => !IsAdmin && Tenants.Count == 0;
}
