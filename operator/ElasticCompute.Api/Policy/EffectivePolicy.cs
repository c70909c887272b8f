using ElasticCompute.Api.InstanceTypes;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Policy;

/// <summary>
/// The platform policy with defaults applied and quantities parsed: what the recommender and the
/// validators read. Build it once per policy generation with <see cref="From"/>.
/// </summary>
public sealed record EffectivePolicy
{
    public required IReadOnlyList<int> CpuSizes { get; init; }

    public required decimal MemoryMin { get; init; }

    public required decimal MemoryMax { get; init; }

    public required decimal MemoryStep { get; init; }

    public required decimal MemoryPerCpuMin { get; init; }

    public required decimal MemoryPerCpuMax { get; init; }

    public required int DiskPerMemory { get; init; }

    public required decimal DiskMinimum { get; init; }

    public required decimal DiskMaximum { get; init; }

    /// <summary>Standard disk sizes in bytes, ascending.</summary>
    public required IReadOnlyList<decimal> StandardSizes { get; init; }

    public required int ImageHeadroomPercent { get; init; }

    public required MachineImage DefaultImage { get; init; }

    public required string ImageNamespace { get; init; }

    /// <summary>Smallest disk, in bytes, of each golden image that declares one.</summary>
    public required IReadOnlyDictionary<string, decimal> ImageMinimums { get; init; }

    public required IReadOnlyList<GoldenImage> GoldenImages { get; init; }

    public string? DefaultStorageClassName { get; init; }

    public required IReadOnlyList<ResourcePool> Pools { get; init; }

    public required ResourcePool DefaultPool { get; init; }

    public NamespaceQuotaLimits? DefaultQuota { get; init; }

    public required IReadOnlyDictionary<string, NamespaceQuotaLimits> Quotas { get; init; }

    public required InstanceTypeCatalog InstanceTypes { get; init; }

    /// <summary>How machines are reached from the network (None unless the policy says otherwise).</summary>
    public required EffectiveExposure Exposure { get; init; }

    /// <summary>The built-in policy, for clusters without an ElasticComputePolicy.</summary>
    public static EffectivePolicy Default { get; } = From(null);

    /// <summary>
    /// Applies the built-in defaults to whatever <paramref name="spec"/> leaves out. Instance types come
    /// from <paramref name="clusterInstanceTypes"/> (the cluster's, when known), else the u1 series.
    /// </summary>
    /// <exception cref="InvalidPolicyException">A value cannot be used; the message names its field.</exception>
    public static EffectivePolicy From(ElasticComputePolicySpec? spec, InstanceTypeCatalog? clusterInstanceTypes = null)
    {
        var sizing = spec?.Sizing;
        var defaults = PolicyDefaults.Sizing();
        var curve = spec?.Recommendation;
        var defaultCurve = PolicyDefaults.Recommendation();

        var cpuSizes = (sizing?.CpuSizes ?? defaults.CpuSizes!).Distinct().Order().ToArray();
        if (cpuSizes.Length == 0 || cpuSizes[0] < 1)
        {
            throw new InvalidPolicyException("spec.sizing.cpuSizes: must list at least one size, each at least 1");
        }

        var memory = sizing?.Memory;
        var ratio = sizing?.MemoryPerCpu;
        var memoryMin = Bytes(memory?.Min ?? defaults.Memory!.Min, "spec.sizing.memory.min");
        var memoryMax = Bytes(memory?.Max ?? defaults.Memory!.Max, "spec.sizing.memory.max");
        var memoryStep = Bytes(memory?.Step ?? defaults.Memory!.Step, "spec.sizing.memory.step");
        RequireOrdered(memoryMin, memoryMax, "spec.sizing.memory");

        var perCpuMin = Bytes(ratio?.Min ?? defaults.MemoryPerCpu!.Min, "spec.sizing.memoryPerCpu.min");
        var perCpuMax = Bytes(ratio?.Max ?? defaults.MemoryPerCpu!.Max, "spec.sizing.memoryPerCpu.max");
        RequireOrdered(perCpuMin, perCpuMax, "spec.sizing.memoryPerCpu");

        var diskMin = Bytes(curve?.Minimum ?? defaultCurve.Minimum, "spec.recommendation.minimum");
        var diskMax = Bytes(curve?.Maximum ?? defaultCurve.Maximum, "spec.recommendation.maximum");
        RequireOrdered(diskMin, diskMax, "spec.recommendation");
        var ladder = (curve?.StandardSizes ?? defaultCurve.StandardSizes!)
            .Select((q, i) => Bytes(q, $"spec.recommendation.standardSizes[{i}]"))
            .Distinct().Order().ToArray();

        var goldenImages = (spec?.GoldenImages ?? PolicyDefaults.GoldenImages()).ToArray();
        var imageMinimums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var i = 0; i < goldenImages.Length; i++)
        {
            if (goldenImages[i].MinimumDiskSize is { } min)
            {
                imageMinimums[goldenImages[i].Name] = Bytes(min, $"spec.goldenImages[{i}].minimumDiskSize");
            }
        }

        var pools = (spec?.Pools is { Count: > 0 } p ? p : PolicyDefaults.Pools()).ToArray();
        var instanceTypes = clusterInstanceTypes ?? InstanceTypeCatalog.Universal;
        if (sizing?.InstanceTypes is { } allowed)
        {
            instanceTypes = instanceTypes.Restrict(allowed);
        }

        return new EffectivePolicy
        {
            CpuSizes = cpuSizes,
            MemoryMin = memoryMin,
            MemoryMax = memoryMax,
            MemoryStep = memoryStep,
            MemoryPerCpuMin = perCpuMin,
            MemoryPerCpuMax = perCpuMax,
            DiskPerMemory = curve?.DiskPerMemory ?? defaultCurve.DiskPerMemory!.Value,
            DiskMinimum = diskMin,
            DiskMaximum = diskMax,
            StandardSizes = ladder,
            ImageHeadroomPercent = curve?.ImageHeadroomPercent ?? defaultCurve.ImageHeadroomPercent!.Value,
            DefaultImage = spec?.DefaultImage ?? PolicyDefaults.DefaultImage(),
            ImageNamespace = spec?.ImageNamespace ?? PolicyDefaults.ImageNamespace,
            ImageMinimums = imageMinimums,
            GoldenImages = goldenImages,
            DefaultStorageClassName = spec?.DefaultStorageClassName,
            Pools = pools,
            DefaultPool = pools.FirstOrDefault(x => x.Default == true) ?? pools[0],
            DefaultQuota = spec?.DefaultQuota,
            Quotas = (spec?.Quotas ?? []).ToDictionary(q => q.Namespace, q => q.Limits, StringComparer.Ordinal),
            InstanceTypes = instanceTypes,
            Exposure = ExposureOf(spec?.Exposure),
        };
    }

    public bool TryGetPool(string? name, out ResourcePool pool)
    {
        pool = name is null ? DefaultPool : Pools.FirstOrDefault(p => p.Name == name)!;
        return pool is not null;
    }

    /// <summary>The quota of a namespace: its own entry, else the default quota, else none.</summary>
    public NamespaceQuotaLimits? QuotaFor(string @namespace) =>
        Quotas.TryGetValue(@namespace, out var limits) ? limits : DefaultQuota;

    /// <summary>The login user of a machine's image: the golden image's sshUser, else root.</summary>
    public string SshUserFor(MachineImage? image)
    {
        var name = (image ?? DefaultImage).DataSource;
        if (name is not null && name.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
        {
            name = name[(slash + 1)..];
        }

        return GoldenImages.FirstOrDefault(g => g.Name == name)?.SshUser ?? PolicyDefaults.SshUser;
    }

    private static EffectiveExposure ExposureOf(MachineExposure? exposure)
    {
        var type = exposure?.Type ?? ExposureType.None;
        if (!Enum.IsDefined(type))
        {
            throw new InvalidPolicyException($"spec.exposure.type: \"{type}\" is not one of None, NodePort, LoadBalancer");
        }

        var ports = exposure?.Ports ?? [.. PolicyDefaults.ExposedPorts];
        if (type != ExposureType.None && ports.Count == 0)
        {
            throw new InvalidPolicyException("spec.exposure.ports: must list at least one port when type is not None");
        }

        if (ports.Count > MachineExposure.MaxPorts)
        {
            throw new InvalidPolicyException($"spec.exposure.ports: {ports.Count} ports, at most {MachineExposure.MaxPorts} allowed");
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is < 1 or > 65535)
            {
                throw new InvalidPolicyException($"spec.exposure.ports[{i}]: {ports[i]} is not a TCP port (1-65535)");
            }

            if (!seen.Add(ports[i]))
            {
                throw new InvalidPolicyException($"spec.exposure.ports[{i}]: {ports[i]} is listed twice");
            }
        }

        return new EffectiveExposure(type, [.. ports.Order()]);
    }

    private static decimal Bytes(Quantity? quantity, string field)
    {
        if (quantity is not { } q || !q.TryGetValue(out var value) || value <= 0)
        {
            throw new InvalidPolicyException($"{field}: \"{quantity?.Value}\" is not a positive quantity");
        }

        return value;
    }

    private static void RequireOrdered(decimal min, decimal max, string field)
    {
        if (min > max)
        {
            throw new InvalidPolicyException(
                $"{field}: min {QuantityFormatter.Format(min)} is above max {QuantityFormatter.Format(max)}");
        }
    }
}
