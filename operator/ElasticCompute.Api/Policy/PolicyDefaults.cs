using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Policy;

/// <summary>
/// The built-in policy: what applies to each section the ElasticComputePolicy leaves out.
/// The disk curve follows the public clouds that tie disk to plan (1Gi memory gets 25Gi of disk,
/// 2Gi gets 50Gi, 4Gi gets 80Gi, 8Gi gets 160Gi, 16Gi gets 320Gi).
/// </summary>
public static class PolicyDefaults
{
    public const string PoolName = "default";
    public const string ImageNamespace = "kubevirt-os-images";

    /// <summary>The login of images that name none: the one user every Linux image has.</summary>
    public const string SshUser = "root";

    /// <summary>SSH, the port every server is reached on first.</summary>
    public static IReadOnlyList<int> ExposedPorts { get; } = [22];

    public static SizingCatalog Sizing() => new()
    {
        CpuSizes = [1, 2, 4, 8, 16, 32],
        Memory = new MemoryRange { Min = "512Mi", Max = "256Gi", Step = "512Mi" },
        MemoryPerCpu = new QuantityRange { Min = "512Mi", Max = "8Gi" },
    };

    public static RecommendationCurve Recommendation() => new()
    {
        DiskPerMemory = 20,
        Minimum = "25Gi",
        Maximum = "2560Gi",
        StandardSizes = ["25Gi", "50Gi", "80Gi", "160Gi", "320Gi", "640Gi", "1280Gi", "2560Gi"],
        ImageHeadroomPercent = 20,
    };

    public static MachineImage DefaultImage() => new() { DataSource = "ubuntu-24.04" };

    public static IList<GoldenImage> GoldenImages() =>
    [
        new() { Name = "ubuntu-24.04", DisplayName = "Ubuntu 24.04 LTS", MinimumDiskSize = "10Gi", SshUser = "ubuntu" },
        new() { Name = "debian-12", DisplayName = "Debian 12", MinimumDiskSize = "4Gi", SshUser = "debian" },
        new() { Name = "fedora-41", DisplayName = "Fedora 41", MinimumDiskSize = "6Gi", SshUser = "fedora" },
        new() { Name = "centos-stream-10", DisplayName = "CentOS Stream 10", MinimumDiskSize = "10Gi", SshUser = "cloud-user" },
        new() { Name = "windows-2022", DisplayName = "Windows Server 2022", MinimumDiskSize = "64Gi", SshUser = "administrator" },
    ];

    public static IList<ResourcePool> Pools() => [new() { Name = PoolName, Default = true }];
}
