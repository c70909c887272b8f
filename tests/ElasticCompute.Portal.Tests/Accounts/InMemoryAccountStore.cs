using ElasticCompute.Portal.Accounts;

namespace ElasticCompute.Portal.Tests.Accounts;

/// <summary>
/// Accounts in memory. Changes apply at once and in order, as the Secret store's conflict retries make them; reads can
/// be held at an older copy, as another replica's few-seconds cache may serve (the interface allows it).
/// </summary>
internal sealed class InMemoryAccountStore : IAccountStore
{
    private readonly Lock gate = new();
    private IReadOnlyDictionary<string, PortalAccount> accounts = new Dictionary<string, PortalAccount>(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, PortalAccount>? heldCopy;

    /// <summary>The accounts as stored now.</summary>
    public IReadOnlyDictionary<string, PortalAccount> Accounts
    {
        get
        {
            lock (gate)
            {
                return accounts;
            }
        }
    }

    /// <summary>Writes made: a change that returns the same dictionary writes nothing.</summary>
    public int Writes { get; private set; }

    /// <summary>From now on reads return the accounts as they are now, whatever changes later.</summary>
    public void HoldReads()
    {
        lock (gate)
        {
            heldCopy = accounts;
        }
    }

    public Task<IReadOnlyDictionary<string, PortalAccount>> ReadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(heldCopy ?? accounts);
        }
    }

    public Task<T> ChangeAsync<T>(Func<IReadOnlyDictionary<string, PortalAccount>, (IReadOnlyDictionary<string, PortalAccount> Accounts, T Result)> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (gate)
        {
            var (next, result) = change(accounts);
            if (!ReferenceEquals(next, accounts))
            {
                accounts = next;
                Writes++;
            }

            return Task.FromResult(result);
        }
    }
}
