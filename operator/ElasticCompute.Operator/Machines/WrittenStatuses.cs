using ElasticCompute.Api.Machines;
using ElasticCompute.Runtime.Informers;

namespace ElasticCompute.Operator.Machines;

/// <summary>
/// The statuses this operator wrote that its cache has not shown yet. A reconcile can run before the watch brings back
/// the operator's own status write (a child's event often comes first); judged against the stale cached status, it would
/// write the same status again and record the same phase Event twice. The written status stands in for the cached one
/// while the cached machine is still at a resourceVersion the write replaced (resourceVersions are compared only for
/// equality, as Kubernetes asks). The informer tells this class of every change to a machine: once the cache moves on,
/// it is the truth again and the entry goes, so no entry outlives the write it stands for.
/// </summary>
internal sealed class WrittenStatuses(ICache<ElasticMachine> machines) : IResourceHandler<ElasticMachine>
{
    // Record and the informer's notifications take turns, so a write the cache shows before Record runs leaves no entry behind.
    private readonly Lock gate = new();
    private readonly Dictionary<(string Namespace, string Name), Entry> written = [];

    /// <summary>How many machines have a write their cache has not shown yet.</summary>
    public int Pending
    {
        get
        {
            lock (gate)
            {
                return written.Count;
            }
        }
    }

    /// <summary>
    /// Records a status written over <paramref name="machine"/> as the cache held it, and over
    /// <paramref name="laterVersion"/>, the version an earlier write of the same reconcile made (its finalizer patch).
    /// Nothing is kept when the cache has shown the write already.
    /// </summary>
    public void Record(ElasticMachine machine, ElasticMachineStatus status, string? laterVersion = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var key = Key(machine);
        string?[] over = [machine.Metadata.ResourceVersion, laterVersion];
        lock (gate)
        {
            if (machines.Find(key.Namespace, key.Name) is { } cached && over.Contains(cached.Metadata.ResourceVersion))
            {
                written[key] = new Entry(over, status);
            }
            else
            {
                written.Remove(key);
            }
        }
    }

    /// <summary>The machine as far as this operator knows: with the status it wrote, while its cache still shows the one before.</summary>
    public ElasticMachine Known(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var key = Key(machine);
        lock (gate)
        {
            if (written.TryGetValue(key, out var entry))
            {
                if (entry.Over.Contains(machine.Metadata.ResourceVersion))
                {
                    return machine with { Status = entry.Status };
                }

                written.Remove(key);
            }
        }

        return machine;
    }

    public void Forget(string @namespace, string name)
    {
        lock (gate)
        {
            written.Remove((@namespace, name));
        }
    }

    public void OnAdd(ElasticMachine obj) => Known(obj);

    public void OnUpdate(ElasticMachine oldObj, ElasticMachine newObj) => Known(newObj);

    public void OnDelete(ElasticMachine obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Forget(obj.Metadata.NamespaceProperty ?? string.Empty, obj.Metadata.Name);
    }

    private static (string Namespace, string Name) Key(ElasticMachine machine) => (machine.Metadata.NamespaceProperty ?? string.Empty, machine.Metadata.Name);

    private sealed record Entry(string?[] Over, ElasticMachineStatus Status);
}
