using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Simulation.Runtime.Qemu;

/// <summary>The locally built guest (devcluster/guest/build.sh writes it with its image.json): what QEMU boots.</summary>
internal sealed record GuestImage(string Name, string Kernel, string Initrd, string RootFs, string CommandLine, string SshUser)
{
    public const string ManifestFile = "image.json";

    /// <summary>The image in <paramref name="directory"/>, or null (and why) when it is not built.</summary>
    public static GuestImage? Load(string directory, out string? problem)
    {
        var manifest = Path.Combine(directory, ManifestFile);
        problem = null;
        if (!System.IO.File.Exists(manifest))
        {
            problem = $"no guest image in {directory} (build it with: bash devcluster/guest/build.sh)";
            return null;
        }

        var json = JsonNode.Parse(System.IO.File.ReadAllText(manifest)) as JsonObject;
        string File(string key) => System.IO.Path.Combine(directory, json?[key]?.GetValue<string>() ?? key);
        var image = new GuestImage(
            json?["name"]?.GetValue<string>() ?? "devcluster-linux",
            File("kernel"),
            File("initrd"),
            File("rootfs"),
            json?["cmdline"]?.GetValue<string>() ?? "console=ttyS0 root=/dev/vda rw",
            json?["sshUser"]?.GetValue<string>() ?? "root");
        foreach (var file in new[] { image.Kernel, image.Initrd, image.RootFs })
        {
            if (!System.IO.File.Exists(file))
            {
                problem = $"the guest image in {directory} lacks {System.IO.Path.GetFileName(file)} (rebuild it with: bash devcluster/guest/build.sh)";
                return null;
            }
        }

        return image;
    }
}
