using System.Globalization;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>
/// The QEMU arguments for a guest: q35 with the accelerator the probe chose (TCG with a bounded code buffer here),
/// the VMI's topology with room to hot-add sockets up to maxSockets, guest memory from a memfd backend (no transparent
/// huge pages behind memory the guest never touches) with DIMM slots up to maxGuest, the image's kernel and initrd,
/// virtio disks and network (user networking: ports reach the guest through hostfwd), the serial console and the
/// guest's status line on two serial ports, VGA on a VNC socket, the seed as fw_cfg files, QMP, and paused (-S) so
/// nothing the guest prints is missed before devcluster is connected.
/// </summary>
internal static class QemuCommandLine
{
    public const string NetDev = "net0";
    public const int MemorySlots = 8;

    public static IReadOnlyList<string> Build(GuestPlan plan, GuestImage image, QemuSettings settings, GuestPaths paths, IEnumerable<(string Name, string File)> seedFiles)
    {
        var kvm = settings.Accelerator == "kvm";
        var mib = MiB(plan.MemoryBytes);
        var args = new List<string>
        {
            "-name", $"guest={plan.Vmi.Namespace}.{plan.Vmi.Name},debug-threads=on",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-machine", "q35,memory-backend=ram0",
            // Single-threaded TCG: QEMU 7.2's multi-threaded TCG asserts on the second cpu hot-add (tcg_region_initial_alloc).
            "-accel", kvm ? "kvm" : $"tcg,tb-size={settings.TranslationBufferMiB.ToString(CultureInfo.InvariantCulture)},thread=single",
            "-cpu", kvm ? "host" : "max",
            "-smp", string.Create(CultureInfo.InvariantCulture, $"cpus={plan.VCpus},sockets={Math.Max(plan.Sockets, plan.MaxSockets)},cores={plan.Cores},threads={plan.Threads},maxcpus={plan.MaxVCpus}"),
            "-m", plan.MaxMemoryBytes is { } max && max > plan.MemoryBytes
                ? string.Create(CultureInfo.InvariantCulture, $"size={mib}M,slots={MemorySlots},maxmem={MiB(max)}M")
                : string.Create(CultureInfo.InvariantCulture, $"size={mib}M"),
            "-object", string.Create(CultureInfo.InvariantCulture, $"memory-backend-memfd,id=ram0,size={mib}M"),
            "-kernel", image.Kernel,
            "-initrd", image.Initrd,
            "-append", image.CommandLine,
        };
        foreach (var disk in plan.Disks)
        {
            args.AddRange(["-drive", $"file={Escape(disk.File)},if=none,id={disk.DriveId},format=qcow2,discard=unmap", "-device", $"virtio-blk-pci,drive={disk.DriveId}"]);
        }

        args.AddRange(
        [
            "-netdev", $"user,id={NetDev}",
            "-device", $"virtio-net-pci,netdev={NetDev},mac={plan.Mac},romfile=", // no network-boot ROM: the kernel is given
            "-chardev", $"socket,id=console,path={Escape(paths.Serial)},server=on,wait=off",
            "-serial", "chardev:console",
            "-chardev", $"socket,id=status,path={Escape(paths.Status)},server=on,wait=off",
            "-serial", "chardev:status",
            "-device", "virtio-balloon-pci,free-page-reporting=on",
            "-vga", "std", "-global", "VGA.vgamem_mb=4", // a text console needs no more
            "-vnc", $"unix:{Escape(paths.Vnc)}",
            "-qmp", $"unix:{Escape(paths.Qmp)},server=on,wait=off",
            "-pidfile", paths.PidFile,
        ]);
        foreach (var (name, file) in seedFiles)
        {
            args.AddRange(["-fw_cfg", $"name=opt/io.elasticcompute/{name},file={Escape(file)}"]);
        }

        args.Add("-S");
        return args;
    }

    public static long MiB(long bytes) => (bytes + (1L << 20) - 1) >> 20;

    /// <summary>QEMU option values separate by commas; a literal comma is doubled.</summary>
    private static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
