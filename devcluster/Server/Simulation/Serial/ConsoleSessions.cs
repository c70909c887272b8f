using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Storage;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>
/// The console session of every VMI that has had a viewer, one per namespace/name: a new boot (restart, start) gets a
/// new session, and a VMI that stops running ends its session, closing its viewer, as virt-handler's stream ends with
/// the domain.
/// </summary>
internal sealed class ConsoleSessions(TimeProvider time, TimeSpan lineDelay) : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ConsoleSession> sessions = new(StringComparer.Ordinal);

    /// <summary>The session of this boot, made (and its boot log started) on first use; an older boot's session ends.</summary>
    public ConsoleSession Open(ConsoleBoot boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ConsoleSession? old;
        ConsoleSession session;
        lock (gate)
        {
            if (sessions.TryGetValue(boot.Key, out old) && old.Boot == boot)
            {
                return old;
            }

            sessions[boot.Key] = session = new ConsoleSession(boot, time, lineDelay);
        }

        old?.Dispose();
        return session;
    }

    /// <summary>What a VMI is now (<paramref name="current"/> null: not running or gone): a session of another boot ends.</summary>
    public void Observe(string key, ConsoleBoot? current)
    {
        ConsoleSession? stale = null;
        lock (gate)
        {
            if (sessions.TryGetValue(key, out var session) && session.Boot != current)
            {
                sessions.Remove(key);
                stale = session;
            }
        }

        stale?.Dispose();
    }

    /// <summary>Follows the VMIs in <paramref name="table"/> and ends the sessions of those that stop, until cancelled.</summary>
    public async Task RunAsync(ObjectStore store, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var watch = store.Watch(table, null, null);
                Sweep(store, table);
                while (await watch.NextAsync(cancellationToken).ConfigureAwait(false) is { } e)
                {
                    var key = e.Item.Key;
                    if (Has(key))
                    {
                        Observe(key, e.Type == StoreEventType.Deleted ? null : ConsoleBoot.Of(ResourceRegistry.Parse(e.Item)));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // devcluster stops.
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        ConsoleSession[] all;
        lock (gate)
        {
            all = [.. sessions.Values];
            sessions.Clear();
        }

        foreach (var session in all)
        {
            session.Dispose();
        }
    }

    private bool Has(string key)
    {
        lock (gate)
        {
            return sessions.ContainsKey(key);
        }
    }

    /// <summary>After a (re)started watch: what changed while nobody watched.</summary>
    private void Sweep(ObjectStore store, string table)
    {
        string[] keys;
        lock (gate)
        {
            keys = [.. sessions.Keys];
        }

        foreach (var key in keys)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var stored = store.Get(table, key[..slash], key[(slash + 1)..]);
            Observe(key, stored is null ? null : ConsoleBoot.Of(ResourceRegistry.Parse(stored)));
        }
    }
}
