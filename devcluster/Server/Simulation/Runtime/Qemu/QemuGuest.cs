using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Simulation.Serial;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>
/// One QEMU process running one boot of a VMI: started paused, connected (QMP, serial console, status port), then
/// let run. It reports the guest's ready line, its shutdown and the process's exit through <c>changed</c>, and does
/// what the runtime asks over QMP: power down, hot-add cpus and memory, grow a disk, forward a port.
/// </summary>
internal sealed class QemuGuest : IAsyncDisposable
{
    public const string ReadyLine = "elasticcompute-guest ready";
    public const string PoweroffLine = "elasticcompute-guest poweroff";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly Process process;
    private readonly GuestPaths paths;
    private readonly Action changed;
    private readonly Queue<string> lastErrors = new();
    private readonly Lock gate = new();
    private readonly Dictionary<int, int> forwards = [];
    private readonly StreamWriter log;
    private QmpClient? qmp;
    private Socket? serial;
    private Socket? status;
    private volatile bool ready;
    private volatile bool guestShutdown;
    private volatile bool stopping;

    private QemuGuest(GuestPlan plan, Process process, GuestPaths paths, StreamWriter log, Action changed)
    {
        Plan = plan;
        this.process = process;
        this.paths = paths;
        this.log = log;
        this.changed = changed;
        Exited = WatchExitAsync();
    }

    public GuestPlan Plan { get; }

    public ConsoleScreen Screen { get; } = new();

    public GuestPaths Paths => paths;

    /// <summary>The guest said it is up (its SSH server listens).</summary>
    public bool Ready => ready;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public bool Stopping => stopping;

    public int ProcessId => process.Id;

    /// <summary>Why the process ended, when devcluster did not end it: the guest powered off (true), or QEMU failed (false, with a reason).</summary>
    public (bool PoweredOff, string Reason) Outcome()
    {
        var code = process.HasExited ? process.ExitCode : (int?)null;
        if (guestShutdown || code == 0)
        {
            return (true, "the guest powered off");
        }

        string[] errors;
        lock (gate)
        {
            errors = [.. lastErrors];
        }

        var detail = errors.Length > 0 ? ": " + string.Join(" ", errors) : string.Empty;
        return (false, code is > 128 ? $"QEMU was killed by signal {code - 128}{detail}" : $"QEMU exited with code {code}{detail}");
    }

    public static async Task<QemuGuest> StartAsync(GuestPlan plan, GuestImage image, QemuSettings settings, string directory, Action changed, CancellationToken cancellationToken)
    {
        var paths = new GuestPaths(directory);
        Directory.CreateDirectory(directory);
        foreach (var stale in new[] { paths.Qmp, paths.Serial, paths.Status, paths.Vnc })
        {
            File.Delete(stale);
        }

        var seeds = new List<(string, string)>();
        foreach (var (name, content) in plan.Seed.Entries())
        {
            var file = paths.Seed(name);
            await File.WriteAllTextAsync(file, content, cancellationToken).ConfigureAwait(false);
            seeds.Add((name, file));
        }

        var start = new ProcessStartInfo(settings.QemuBinary)
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // QEMU must not inherit devcluster's stdio: a pipe held open outlives us
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in QemuCommandLine.Build(plan, image, settings, paths, seeds))
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StreamWriter(new FileStream(paths.Log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        await log.WriteLineAsync($"{DateTimeOffset.UtcNow:O} {settings.QemuBinary} {string.Join(' ', start.ArgumentList)}").ConfigureAwait(false);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{settings.QemuBinary} did not start");
        var guest = new QemuGuest(plan, process, paths, log, changed);
        process.ErrorDataReceived += (_, e) => guest.Log(e.Data, error: true);
        process.OutputDataReceived += (_, e) => guest.Log(e.Data, error: false);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var exited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = guest.Exited.ContinueWith(_ => exited.Cancel(), TaskScheduler.Default);
            guest.qmp = await QmpClient.ConnectAsync(paths.Qmp, guest.OnEvent, ConnectTimeout, exited.Token).ConfigureAwait(false);
            guest.serial = await UnixSockets.ConnectAsync(paths.Serial, ConnectTimeout, exited.Token).ConfigureAwait(false);
            guest.status = await UnixSockets.ConnectAsync(paths.Status, ConnectTimeout, exited.Token).ConfigureAwait(false);
            _ = Task.Run(() => guest.PumpSerialAsync(), CancellationToken.None);
            _ = Task.Run(() => guest.PumpStatusAsync(), CancellationToken.None);
            await guest.qmp.ExecuteAsync("cont", null, exited.Token).ConfigureAwait(false);
            return guest;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or QmpException or IOException && !cancellationToken.IsCancellationRequested)
        {
            await guest.DisposeAsync().ConfigureAwait(false);
            throw new GuestStartException(guest.Outcome().Reason, e);
        }
    }

    /// <summary>What the console's viewer typed, to the guest's serial port.</summary>
    public void Type(ReadOnlySpan<byte> bytes)
    {
        try
        {
            serial?.Send(bytes);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The guest is going away.
        }
    }

    /// <summary>The ACPI power button: a guest with an ACPI handler powers off.</summary>
    public async Task PowerDownAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        await TryAsync(() => Qmp.ExecuteAsync("system_powerdown", null, cancellationToken)).ConfigureAwait(false);
    }

    public void Kill()
    {
        stopping = true;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>A loopback port that reaches <paramref name="guestPort"/> in the guest (user networking's hostfwd), added once.</summary>
    public async Task<int?> ForwardAsync(int guestPort, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (forwards.TryGetValue(guestPort, out var known))
            {
                return known;
            }
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            var answer = await Qmp.HumanAsync($"hostfwd_add {QemuCommandLine.NetDev} tcp:127.0.0.1:{port}-:{guestPort}", cancellationToken).ConfigureAwait(false);
            if (answer.Trim().Length == 0)
            {
                lock (gate)
                {
                    forwards[guestPort] = port;
                }

                return port;
            }

            Log($"hostfwd_add {port}->{guestPort}: {answer.Trim()}", error: true);
        }

        return null;
    }

    /// <summary>Hot-adds cpus up to <paramref name="vcpus"/>; false when the guest runs more (a restart removes them) or has no slot left.</summary>
    public async Task<bool> SetCpusAsync(long vcpus, CancellationToken cancellationToken)
    {
        var slots = (await Qmp.ExecuteAsync("query-hotpluggable-cpus", null, cancellationToken).ConfigureAwait(false))?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var plugged = slots.Count(s => s["qom-path"] is not null);
        var free = slots.Where(s => s["qom-path"] is null)
            .OrderBy(s => (int?)s["props"]?["socket-id"] ?? 0).ThenBy(s => (int?)s["props"]?["core-id"] ?? 0).ThenBy(s => (int?)s["props"]?["thread-id"] ?? 0)
            .ToList();
        if (vcpus < plugged || vcpus - plugged > free.Count)
        {
            return vcpus == plugged;
        }

        foreach (var slot in free.Take((int)(vcpus - plugged)))
        {
            var device = new JsonObject { ["driver"] = slot["type"]!.DeepClone(), ["id"] = $"vcpu-{Guid.NewGuid():N}"[..13] };
            foreach (var prop in slot["props"]?.AsObject() ?? [])
            {
                if (prop.Key != "node-id")
                {
                    device[prop.Key] = prop.Value?.DeepClone();
                }
            }

            await Qmp.ExecuteAsync("device_add", device, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Plugs a DIMM for the memory the guest lacks; false when it would shrink or no slot or room is left.</summary>
    public async Task<bool> SetMemoryAsync(long bytes, CancellationToken cancellationToken)
    {
        var summary = await Qmp.ExecuteAsync("query-memory-size-summary", null, cancellationToken).ConfigureAwait(false);
        var current = (long?)summary?["base-memory"] + ((long?)summary?["plugged-memory"] ?? 0) ?? 0;
        var missing = bytes - current;
        if (missing <= 0)
        {
            return missing == 0;
        }

        if (Plan.MaxMemoryBytes is not { } max || bytes > max)
        {
            return false;
        }

        var id = $"dimm{Guid.NewGuid():N}"[..12];
        try
        {
            await Qmp.ExecuteAsync("object-add", new JsonObject { ["qom-type"] = "memory-backend-memfd", ["id"] = id, ["size"] = missing }, cancellationToken).ConfigureAwait(false);
            await Qmp.ExecuteAsync("device_add", new JsonObject { ["driver"] = "pc-dimm", ["id"] = id + "d", ["memdev"] = id }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (QmpException e)
        {
            Log("memory hotplug: " + e.Description, error: true);
            return false;
        }
    }

    /// <summary>Grows a disk the guest has open (block_resize: the guest sees the new capacity at once).</summary>
    public async Task<bool> GrowDiskAsync(string file, long bytes, CancellationToken cancellationToken)
    {
        if (Plan.Disks.FirstOrDefault(d => d.File == file) is not { } disk || HasExited)
        {
            return false;
        }

        await Qmp.ExecuteAsync("block_resize", new JsonObject { ["device"] = disk.DriveId, ["size"] = bytes }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Screen.End();
        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (qmp is not null)
        {
            await qmp.DisposeAsync().ConfigureAwait(false);
        }

        serial?.Dispose();
        status?.Dispose();
        process.Dispose();
        lock (gate)
        {
            log.Dispose();
        }
    }

    private QmpClient Qmp => qmp ?? throw new QmpException("qmp", "not connected");

    private static int FreePort()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (QmpException)
        {
            // QEMU is already going away.
        }
    }

    private void OnEvent(string name, JsonObject? data)
    {
        if (name == "SHUTDOWN" && data?["guest"] is JsonValue guest && guest.TryGetValue<bool>(out var byGuest) && byGuest)
        {
            guestShutdown = true;
        }
    }

    private async Task WatchExitAsync()
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        Screen.End();
        changed();
    }

    private async Task PumpSerialAsync()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[4097];
        try
        {
            while (await serial!.ReceiveAsync(bytes).ConfigureAwait(false) is var read and > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0);
                Screen.Print(new string(chars, 0, count));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpStatusAsync()
    {
        try
        {
            using var reader = new StreamReader(new NetworkStream(status!, ownsSocket: false), Encoding.UTF8);
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var text = line.Trim();
                if (text == ReadyLine)
                {
                    ready = true;
                    changed();
                }
                else if (text == PoweroffLine)
                {
                    guestShutdown = true;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void Log(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            if (error)
            {
                lastErrors.Enqueue(line.Trim());
                while (lastErrors.Count > 3)
                {
                    lastErrors.Dequeue();
                }
            }

            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
