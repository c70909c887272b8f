using System.Globalization;

namespace ElasticCompute.DevCluster.Server.Simulation.Serial;

/// <summary>What the simulated guest's kernel and systemd print while it boots, with the kernel's seconds-since-boot stamps.</summary>
internal static class BootLog
{
    public static IReadOnlyList<string> Lines(string hostname) =>
    [
        Stamp(0.000000, $"Linux version {ShellCommands.Kernel} (buildd@devcluster) #1 SMP PREEMPT_DYNAMIC"),
        Stamp(0.000000, "Command line: BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro console=ttyS0"),
        Stamp(0.021431, "KVM: devcluster hypervisor detected"),
        Stamp(0.812330, "virtio_blk virtio2: [vda] disk attached"),
        Stamp(1.204518, "EXT4-fs (vda1): mounted filesystem with ordered data mode"),
        Stamp(1.733002, $"systemd[1]: Set hostname to <{hostname}>."),
        Stamp(4.918204, "cloud-init[512]: Cloud-init finished"),
    ];

    private static string Stamp(double seconds, string text) => string.Create(CultureInfo.InvariantCulture, $"[{seconds,12:F6}] {text}\r\n");
}
