using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ElasticCompute.Api.Policy;

public sealed record PoolCapacity
{
    [JsonPropertyName("name")]
    [Required]
    [Description("Name of the pool.")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("nodes")]
    [Description("Number of ready physical nodes in the pool.")]
    public int? Nodes { get; set; }

    [JsonPropertyName("cpu")]
    [Description("vCPUs of the pool: allocatable in all, allocated to machines, and free.")]
    public ResourceUsage? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [Description("Memory of the pool: allocatable in all, allocated to machines, and free.")]
    public ResourceUsage? Memory { get; set; }

    [JsonPropertyName("storage")]
    [Description("Disk capacity of the pool's storage class: in all, allocated to disks, and free.")]
    public ResourceUsage? Storage { get; set; }

    [JsonPropertyName("largestFreeSlot")]
    [Description("The biggest machine that fits on one node now.")]
    public FreeSlot? LargestFreeSlot { get; set; }
}
