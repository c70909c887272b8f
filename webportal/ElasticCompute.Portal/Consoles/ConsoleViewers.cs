namespace ElasticCompute.Portal.Consoles;

/// <summary>
/// One viewer of each console (serial, graphical) per VMI per portal process, as KubeVirt allows one per VMI: a new viewer takes the console over and the
/// previous one is told so before the cluster drops its stream, so it says "taken over" and does not reconnect (two
/// tabs would otherwise take it from each other in turn).
/// </summary>
internal sealed class ConsoleViewers
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ConsoleClaim> current = new(StringComparer.Ordinal);

    public ConsoleClaim Claim(string @namespace, string vmi, ConsoleKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var key = $"{@namespace}/{vmi}/{kind.Subresource}";
        var claim = new ConsoleClaim(this, key);
        ConsoleClaim? previous;
        lock (gate)
        {
            current.TryGetValue(key, out previous);
            current[key] = claim;
        }

        previous?.TakeOver();
        return claim;
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return current.Count;
            }
        }
    }

    internal void Release(ConsoleClaim claim)
    {
        lock (gate)
        {
            if (current.TryGetValue(claim.Key, out var held) && ReferenceEquals(held, claim))
            {
                current.Remove(claim.Key);
            }
        }
    }
}
