namespace ElasticCompute.Portal.Accounts;

public enum AccountRole
{
    /// <summary>Uses the machines of the tenants the account belongs to.</summary>
    Member,

    /// <summary>Every tenant, capacity and accounts.</summary>
    Admin,
}
