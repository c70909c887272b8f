using System.Diagnostics;
using System.Globalization;
using ElasticCompute.DevCluster.Server.Simulation.Disks;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>
/// Volumes as sparse qcow2 files named after their PersistentVolume: an imported one is an overlay over the guest
/// image's root filesystem (shared, never written), a blank one is empty; growing one a guest has open goes through
/// QMP (<see cref="Online"/>), else qemu-img; a reclaimed volume's file is deleted.
/// </summary>
internal sealed class QemuDisks(QemuSettings settings, GuestImage? image) : IDiskFiles
{
    /// <summary>Grows the file in the guest that has it open; false when none has.</summary>
    public Func<string, long, CancellationToken, Task<bool>>? Online { get; set; }

    public string FileOf(string volume) => Path.Combine(settings.DiskDirectory, volume + ".qcow2");

    public string? MissingImage(string? imageName, string source) => image is null
        ? $"devcluster has no guest image (build it with: bash devcluster/guest/build.sh), so {source} cannot be imported"
        : imageName == image.Name
            ? null
            : $"{source} has no local image: devcluster's qemu runtime boots only its own {image.Name} (built by bash devcluster/guest/build.sh) and downloads nothing";

    public async ValueTask CreateAsync(string volume, long bytes, bool fromImage, CancellationToken cancellationToken)
    {
        var file = FileOf(volume);
        if (File.Exists(file))
        {
            return;
        }

        Directory.CreateDirectory(settings.DiskDirectory);
        var partial = file + ".partial";
        List<string> args = ["create", "-q", "-f", "qcow2"];
        if (fromImage && image is not null)
        {
            args.AddRange(["-F", "qcow2", "-b", image.RootFs]);
        }

        args.AddRange([partial, bytes.ToString(CultureInfo.InvariantCulture)]);
        await RunAsync(args, cancellationToken).ConfigureAwait(false);
        File.Move(partial, file, overwrite: true);
    }

    public async ValueTask GrowAsync(string volume, long bytes, CancellationToken cancellationToken)
    {
        var file = FileOf(volume);
        if (!File.Exists(file) || (Online is { } online && await online(file, bytes, cancellationToken).ConfigureAwait(false)))
        {
            return;
        }

        await RunAsync(["resize", "-q", file, bytes.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DeleteAsync(string volume, CancellationToken cancellationToken)
    {
        File.Delete(FileOf(volume));
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(settings.QemuImgBinary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new IOException($"{settings.QemuImgBinary} did not start");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new IOException($"qemu-img {string.Join(' ', start.ArgumentList)}: {(await errors.ConfigureAwait(false)).Trim()}");
        }
    }
}
