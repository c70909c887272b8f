using System.Diagnostics;
using System.Globalization;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>What the qemu runtime needs on this host: the binaries, the built guest image, and which accelerator works.</summary>
public static class QemuPrerequisites
{
    public const string InstallHint = "apt-get install qemu-system-x86 qemu-utils, then bash devcluster/guest/build.sh";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(6);

    /// <summary>Null when guests can run; else what is missing, with how to get it.</summary>
    public static string? Missing(QemuSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var binary in new[] { settings.QemuBinary, settings.QemuImgBinary })
        {
            if (Which(binary) is null)
            {
                return $"{binary} is not installed ({InstallHint})";
            }
        }

        return GuestImage.Load(settings.GuestImageDirectory, out var problem) is null ? problem : null;
    }

    /// <summary>The DataSource name of the built image in <paramref name="directory"/> (its image.json), or null when none is built.</summary>
    public static string? ImageName(string directory) => GuestImage.Load(directory, out _)?.Name;

    /// <summary>
    /// "kvm" when /dev/kvm boots the guest's kernel within a few seconds, else "tcg". A /dev/kvm that exists can still
    /// abort or hang (seen on nested hosts), so it is tried with a timeout; the answer is kept beside the image for
    /// this host's kernel and QEMU.
    /// </summary>
    public static async Task<string> ProbeAcceleratorAsync(QemuSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists("/dev/kvm") || GuestImage.Load(settings.GuestImageDirectory, out _) is not { } image || Which(settings.QemuBinary) is not { } qemu)
        {
            return "tcg";
        }

        var key = $"{Environment.OSVersion.VersionString} {qemu} {File.GetLastWriteTimeUtc(qemu).Ticks.ToString(CultureInfo.InvariantCulture)}";
        var cache = Path.Combine(settings.GuestImageDirectory, "accelerator");
        if (File.Exists(cache) && File.ReadAllLines(cache) is [var known, var answer] && known == key)
        {
            return answer;
        }

        var start = new ProcessStartInfo(qemu) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        // The kernel alone finds no root and panics; panic=-1 reboots and -no-reboot ends QEMU: a second or so under KVM.
        foreach (var arg in new[] { "-accel", "kvm", "-machine", "q35", "-cpu", "host", "-m", "128", "-nodefaults", "-no-user-config", "-display", "none",
            "-no-reboot", "-kernel", image.Kernel, "-append", "panic=-1 console=ttyS0", "-serial", "null" })
        {
            start.ArgumentList.Add(arg);
        }

        var result = "tcg";
        using (var process = Process.Start(start))
        {
            if (process is not null)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ProbeTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                    result = process.ExitCode == 0 ? "kvm" : "tcg";
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }

        await File.WriteAllLinesAsync(cache, [key, result], cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Guests a devcluster killed without a shutdown left running (their pid files under the run folder): ended, so their disks are free.</summary>
    public static void EndLeftovers(string runDirectory)
    {
        if (!Directory.Exists(runDirectory))
        {
            return;
        }

        foreach (var pidFile in Directory.EnumerateFiles(runDirectory, "qemu.pid", SearchOption.AllDirectories))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains(Path.GetDirectoryName(pidFile)!, StringComparison.Ordinal))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(5000);
                }
                catch (ArgumentException)
                {
                    // Gone meanwhile.
                }
            }
        }
    }

    private static string? Which(string binary) =>
        Path.IsPathRooted(binary)
            ? File.Exists(binary) ? binary : null
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, binary)).FirstOrDefault(File.Exists);
}
