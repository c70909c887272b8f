using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Policy;

public sealed record MemoryRange
{
    [JsonPropertyName("min")]
    [Description("Smallest memory size, for example 512Mi.")]
    public Quantity? Min { get; set; }

    [JsonPropertyName("max")]
    [Description("Largest memory size, for example 256Gi.")]
    public Quantity? Max { get; set; }

    [JsonPropertyName("step")]
    [Description("Memory sizes must be a multiple of this, for example 512Mi.")]
    public Quantity? Step { get; set; }
}
