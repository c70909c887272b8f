using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Policy;

public sealed record ResourceUsage
{
    [JsonPropertyName("total")]
    [Description("Allocatable in all.")]
    public Quantity? Total { get; set; }

    [JsonPropertyName("allocated")]
    [Description("Allocated to machines.")]
    public Quantity? Allocated { get; set; }

    [JsonPropertyName("free")]
    [Description("Free for new machines.")]
    public Quantity? Free { get; set; }
}
