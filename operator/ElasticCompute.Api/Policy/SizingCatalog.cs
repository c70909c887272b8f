using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;

namespace ElasticCompute.Api.Policy;

public sealed record SizingCatalog
{
    [JsonPropertyName("cpuSizes")]
    [MaxLength(64)]
    [ListType("set")]
    [Description("The vCPU counts people may pick, for example [1, 2, 4, 8, 16, 32].")]
    public IList<int>? CpuSizes { get; set; }

    [JsonPropertyName("memory")]
    [Description("Smallest and largest memory, and the step between sizes.")]
    public MemoryRange? Memory { get; set; }

    [JsonPropertyName("memoryPerCpu")]
    [Description("Allowed ratio of memory to vCPUs, for example 512Mi to 8Gi per vCPU.")]
    public QuantityRange? MemoryPerCpu { get; set; }

    [JsonPropertyName("instanceTypes")]
    [MaxLength(256)]
    [ListType("set")]
    [Description("Cluster instancetypes people may name in spec.instanceType. Absent means the u1 (universal) series.")]
    public IList<string>? InstanceTypes { get; set; }
}
