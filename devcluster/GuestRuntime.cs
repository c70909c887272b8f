using System.Security.Cryptography;
using System.Text;
using ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

namespace ElasticCompute.DevCluster;

/// <summary>
/// The --vm-runtime choice: simulated, qemu (refused with what is missing when it cannot run), or auto (qemu when its
/// packages are installed and the guest image is built, else simulated); with one line saying which and how to get the rest.
/// </summary>
internal sealed record GuestRuntime(string Name, QemuSettings? Settings, string? ImageName, string Line, string? Refusal = null)
{
    public static async Task<GuestRuntime> ChooseAsync(string choice, string? imageDirectory, string? dataDirectory, CancellationToken cancellationToken)
    {
        if (choice == "simulated")
        {
            return new("simulated", null, null, string.Empty); // asked for: nothing to say
        }

        var image = imageDirectory ?? Path.Combine(RepositoryLayout.Root ?? ".", ".devcluster", "guest");
        // Disks live with the state; unix socket paths are short (107 bytes), so the sockets go under /tmp, named after the state.
        var state = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"devcluster-{Environment.ProcessId}");
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)))[..10];
        var settings = new QemuSettings
        {
            GuestImageDirectory = image,
            DiskDirectory = Path.Combine(state, "disks"),
            RunDirectory = Path.Combine(Path.GetTempPath(), "ecvm-" + tag),
        };
        if (QemuPrerequisites.Missing(settings) is { } missing)
        {
            return choice == "qemu"
                ? new("qemu", null, null, string.Empty, $"--vm-runtime qemu: {missing}")
                : new("simulated", null, null, $"VMs are simulated: {missing} to run real guests (or --vm-runtime simulated to silence this)");
        }

        var accelerator = await QemuPrerequisites.ProbeAcceleratorAsync(settings, cancellationToken).ConfigureAwait(false);
        settings = settings with { Accelerator = accelerator };
        var name = QemuPrerequisites.ImageName(image);
        return new("qemu", settings, name, $"VMs are real QEMU guests ({accelerator.ToUpperInvariant()}{(accelerator == "tcg" ? ", no working KVM" : string.Empty)}), image {name} from {image}, disks in {settings.DiskDirectory}");
    }
}
