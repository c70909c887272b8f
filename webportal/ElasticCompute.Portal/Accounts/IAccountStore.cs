namespace ElasticCompute.Portal.Accounts;

/// <summary>The built-in accounts, shared by every portal replica.</summary>
public interface IAccountStore
{
    /// <summary>All accounts by name; a copy read at most a few seconds ago (a change made here is seen at once).</summary>
    Task<IReadOnlyDictionary<string, PortalAccount>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored accounts and writes the result, again on a conflict with another
    /// replica's write; returns what the change returned. A change that returns the same dictionary writes nothing.
    /// </summary>
    Task<T> ChangeAsync<T>(Func<IReadOnlyDictionary<string, PortalAccount>, (IReadOnlyDictionary<string, PortalAccount> Accounts, T Result)> change, CancellationToken cancellationToken);
}
