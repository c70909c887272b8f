namespace ElasticCompute.DevCluster.Server.Simulation.Vnc;

/// <summary>
/// One VNC viewer per VMI, as virt-handler allows without <c>preserveSession</c>: a new one takes the display over, and
/// the previous one's <see cref="Claim.TakenOver"/> completes so its connection is closed saying so.
/// </summary>
internal sealed class DisplayViewers
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Claim> current = new(StringComparer.Ordinal);

    public Claim Take(string key)
    {
        var claim = new Claim(this, key);
        Claim? previous;
        lock (gate)
        {
            current.Remove(key, out previous);
            current[key] = claim;
        }

        previous?.Taken.TrySetResult();
        return claim;
    }

    internal sealed class Claim(DisplayViewers viewers, string key) : IDisposable
    {
        internal TaskCompletionSource Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when another viewer took the display.</summary>
        public Task TakenOver => Taken.Task;

        public void Dispose()
        {
            lock (viewers.gate)
            {
                if (viewers.current.TryGetValue(key, out var held) && ReferenceEquals(held, this))
                {
                    viewers.current.Remove(key);
                }
            }
        }
    }
}
