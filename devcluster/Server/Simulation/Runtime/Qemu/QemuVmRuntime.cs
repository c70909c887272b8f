using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>
/// Every VMI a real guest: a QEMU process per boot (<see cref="QemuGuest"/>), started in the background and Done once
/// the guest says it is up; stop is the ACPI power button, then a kill when the grace period ends (at once for a guest
/// that has not finished booting: it has nothing to save); cpu and memory changes are hot-plugged where QEMU can.
/// </summary>
internal sealed class QemuVmRuntime : IVmRuntime, IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>How long devcluster stopping waits for its guests to power off before it kills them.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    private readonly QemuSettings settings;
    private readonly GuestImage image;
    private readonly GuestPlanner planner;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, QemuGuest> guests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> starting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> stoppingSince = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource disposed = new();

    public QemuVmRuntime(QemuSettings settings, GuestImage image, QemuDisks disks, ResourceRegistry registry, TimeProvider time)
    {
        this.settings = settings;
        this.image = image;
        this.time = time;
        planner = new GuestPlanner(registry, disks);
        disks.Online = GrowOnlineAsync;
        QemuPrerequisites.EndLeftovers(settings.RunDirectory);
        Directory.CreateDirectory(settings.RunDirectory);
    }

    /// <summary>A guest came up, powered off or crashed: the VMI controller should look again.</summary>
    public event Action? Changed;

    private DateTimeOffset Now => time.GetUtcNow();

    public ValueTask<RuntimeProgress> StartAsync(JsonObject vmi, CancellationToken cancellationToken)
    {
        var key = VmiKey.Of(vmi);
        if (failures.TryGetValue(key.Uid, out var failure))
        {
            return ValueTask.FromResult(RuntimeProgress.Failed(failure));
        }

        if (guests.TryGetValue(key.Uid, out var guest))
        {
            if (guest.HasExited)
            {
                return ValueTask.FromResult(RuntimeProgress.Failed(guest.Outcome().Reason));
            }

            return ValueTask.FromResult(guest.Ready ? RuntimeProgress.Done : RuntimeProgress.Waiting(Now + Poll));
        }

        starting.GetOrAdd(key.Uid, _ => Task.Run(() => BootAsync(key, (JsonObject)vmi.DeepClone()), CancellationToken.None));
        return ValueTask.FromResult(RuntimeProgress.Waiting(Now + Poll));
    }

    public async ValueTask<RuntimeProgress> StopAsync(VmiKey vmi, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        if (starting.TryGetValue(vmi.Uid, out var boot) && !boot.IsCompleted)
        {
            return RuntimeProgress.Waiting(Now + Poll);
        }

        if (!guests.TryGetValue(vmi.Uid, out var guest) || guest.HasExited)
        {
            return RuntimeProgress.Done;
        }

        if (!stoppingSince.TryGetValue(vmi.Uid, out var since))
        {
            stoppingSince[vmi.Uid] = since = Now;
            if (guest.Ready)
            {
                await guest.PowerDownAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                guest.Kill();
            }
        }

        if (Now >= since + grace)
        {
            guest.Kill();
        }

        return RuntimeProgress.Waiting(Now + Poll);
    }

    public async ValueTask KillAsync(VmiKey vmi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        if (starting.TryRemove(vmi.Uid, out var boot))
        {
            await boot.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        failures.TryRemove(vmi.Uid, out _);
        stoppingSince.TryRemove(vmi.Uid, out _);
        if (guests.TryRemove(vmi.Uid, out var guest))
        {
            await guest.DisposeAsync().ConfigureAwait(false);
            TryDeleteDirectory(guest.Paths.Directory);
        }
    }

    public async ValueTask<ResizeOutcome> ResizeAsync(VmiKey vmi, long sockets, string? guestMemory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        if (!guests.TryGetValue(vmi.Uid, out var guest) || guest.HasExited)
        {
            return ResizeOutcome.RestartRequired;
        }

        try
        {
            var cpus = await guest.SetCpusAsync(sockets * guest.Plan.Cores * guest.Plan.Threads, cancellationToken).ConfigureAwait(false);
            var memory = guestMemory is null || await guest.SetMemoryAsync((long)SimJson.Quantity(JsonValue.Create(guestMemory)), cancellationToken).ConfigureAwait(false);
            return cpus && memory ? ResizeOutcome.Applied : ResizeOutcome.RestartRequired;
        }
        catch (QmpException)
        {
            return ResizeOutcome.RestartRequired;
        }
    }

    public string GuestAddress(VmiKey vmi, string podAddress) => podAddress;

    public IGuestConsole? Console(JsonObject vmi) =>
        guests.TryGetValue(VmiKey.Of(vmi).Uid, out var guest) && !guest.HasExited ? new QemuConsole(guest) : null;

    public IGuestDisplay? Display(JsonObject vmi) =>
        guests.TryGetValue(VmiKey.Of(vmi).Uid, out var guest) && !guest.HasExited ? new QemuDisplay(guest) : null;

    public GuestState Observe(VmiKey vmi)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        if (starting.ContainsKey(vmi.Uid) && !guests.ContainsKey(vmi.Uid) && !failures.ContainsKey(vmi.Uid))
        {
            return GuestState.Running; // booting again
        }

        if (failures.TryGetValue(vmi.Uid, out var failure))
        {
            return GuestState.Crashed(failure);
        }

        if (!guests.TryGetValue(vmi.Uid, out var guest))
        {
            return GuestState.Absent;
        }

        if (!guest.HasExited || guest.Stopping)
        {
            return GuestState.Running;
        }

        var (poweredOff, reason) = guest.Outcome();
        return poweredOff ? GuestState.PoweredOff(reason) : GuestState.Crashed(reason);
    }

    /// <summary>Where on this host the guest's <paramref name="guestPort"/> answers; null when it runs no guest.</summary>
    public async ValueTask<EndPoint?> ForwardAsync(VmiKey vmi, int guestPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        if (!guests.TryGetValue(vmi.Uid, out var guest) || guest.HasExited)
        {
            return null;
        }

        try
        {
            return await guest.ForwardAsync(guestPort, cancellationToken).ConfigureAwait(false) is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
        }
        catch (QmpException)
        {
            return null;
        }
    }

    /// <summary>The guests running now (for the benchmark's per-guest figures).</summary>
    public IReadOnlyCollection<int> ProcessIds => guests.Values.Where(g => !g.HasExited).Select(g => g.ProcessId).ToList();

    /// <summary>devcluster stops: every guest gets the power button, and what is still up after the grace period is killed.</summary>
    public async ValueTask DisposeAsync()
    {
        await disposed.CancelAsync().ConfigureAwait(false);
        var running = guests.Values.Where(g => !g.HasExited).ToList();
        foreach (var guest in running.Where(g => g.Ready))
        {
            await guest.PowerDownAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await Task.WhenAll(running.Select(g => g.Exited)).WaitAsync(ShutdownGrace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var guest in guests.Values)
        {
            await guest.DisposeAsync().ConfigureAwait(false);
        }

        guests.Clear();
        disposed.Dispose();
    }

    private async Task BootAsync(VmiKey key, JsonObject vmi)
    {
        try
        {
            var plan = await planner.PlanAsync(vmi, disposed.Token).ConfigureAwait(false);
            var directory = Path.Combine(settings.RunDirectory, key.Uid.Replace("-", string.Empty, StringComparison.Ordinal)[..12]);
            var guest = await QemuGuest.StartAsync(plan, image, settings, directory, () => Changed?.Invoke(), disposed.Token).ConfigureAwait(false);
            guests[key.Uid] = guest;
            failures.TryRemove(key.Uid, out _);
        }
        catch (Exception e) when (e is GuestPlanException or GuestStartException or IOException or FormatException)
        {
            failures[key.Uid] = e.Message;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            starting.TryRemove(key.Uid, out _);
        }

        Changed?.Invoke();
    }

    private async Task<bool> GrowOnlineAsync(string file, long bytes, CancellationToken cancellationToken)
    {
        foreach (var guest in guests.Values.Where(g => !g.HasExited))
        {
            try
            {
                if (await guest.GrowDiskAsync(file, bytes, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            catch (QmpException)
            {
                // Going away: qemu-img grows it once the process has let go.
            }
        }

        return false;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
