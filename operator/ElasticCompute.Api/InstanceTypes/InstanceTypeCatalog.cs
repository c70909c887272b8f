using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.InstanceTypes;

/// <summary>The cluster instancetypes a machine may name, by name.</summary>
public sealed class InstanceTypeCatalog
{
    private readonly Dictionary<string, InstanceTypeSize> sizes;

    public InstanceTypeCatalog(IEnumerable<InstanceTypeSize> sizes)
    {
        this.sizes = sizes.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// The u1 (universal) series of KubeVirt's common-instancetypes, which every KubeVirt install with
    /// the common instancetypes has. Kept here so validation needs no cluster; a test checks it against
    /// the real definitions.
    /// </summary>
    public static InstanceTypeCatalog Universal { get; } = new(
    [
        new("u1.nano", 1, 512m * Quantity.Mi),
        new("u1.micro", 1, 1m * Quantity.Gi),
        new("u1.small", 1, 2m * Quantity.Gi),
        new("u1.medium", 1, 4m * Quantity.Gi),
        new("u1.2xmedium", 2, 4m * Quantity.Gi),
        new("u1.large", 2, 8m * Quantity.Gi),
        new("u1.xlarge", 4, 16m * Quantity.Gi),
        new("u1.2xlarge", 8, 32m * Quantity.Gi),
        new("u1.4xlarge", 16, 64m * Quantity.Gi),
        new("u1.8xlarge", 32, 128m * Quantity.Gi),
    ]);

    public IReadOnlyCollection<InstanceTypeSize> All => sizes.Values;

    /// <summary>Names, smallest first, for messages that list the choices.</summary>
    public IEnumerable<string> Names =>
        sizes.Values.OrderBy(s => s.Cpu).ThenBy(s => s.MemoryBytes).Select(s => s.Name);

    public bool TryGet(string name, out InstanceTypeSize size) => sizes.TryGetValue(name, out size!);

    /// <summary>Only the named types (for a policy's allow-list); unknown names are dropped.</summary>
    public InstanceTypeCatalog Restrict(IEnumerable<string> names) =>
        new(names.Where(sizes.ContainsKey).Select(n => sizes[n]));
}
