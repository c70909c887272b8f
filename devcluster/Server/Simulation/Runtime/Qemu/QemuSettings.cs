namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>How devcluster runs VMIs as real QEMU guests (<c>--vm-runtime qemu</c>).</summary>
public sealed record QemuSettings
{
    public string QemuBinary { get; init; } = "qemu-system-x86_64";

    public string QemuImgBinary { get; init; } = "qemu-img";

    /// <summary>The built guest image (<c>bash devcluster/guest/build.sh</c>): vmlinuz, initrd.img, rootfs.qcow2, image.json.</summary>
    public required string GuestImageDirectory { get; init; }

    /// <summary>Where the disks' qcow2 files live (kept with the cluster's state when it has a data folder).</summary>
    public required string DiskDirectory { get; init; }

    /// <summary>Each guest's log, seed files and sockets (short: unix socket paths are limited to 107 bytes).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>kvm when a probe found it working, else tcg.</summary>
    public string Accelerator { get; init; } = "tcg";

    /// <summary>TCG's translated-code buffer, in MiB: QEMU's default sizes it from guest memory and costs hundreds of MiB resident.</summary>
    public int TranslationBufferMiB { get; init; } = 32;

    /// <summary>How long a guest may take to boot to its ready line before the VMI fails.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
