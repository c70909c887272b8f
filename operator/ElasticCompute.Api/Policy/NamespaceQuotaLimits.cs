using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Policy;

public sealed record NamespaceQuotaLimits
{
    [JsonPropertyName("maxCpu")]
    [Range(0, 1_000_000)]
    [Description("Most vCPUs all machines of the namespace may have together.")]
    public int? MaxCpu { get; set; }

    [JsonPropertyName("maxMemory")]
    [Description("Most memory all machines of the namespace may have together.")]
    public Quantity? MaxMemory { get; set; }

    [JsonPropertyName("maxStorage")]
    [Description("Most disk all machines of the namespace may have together.")]
    public Quantity? MaxStorage { get; set; }

    [JsonPropertyName("maxMachines")]
    [Range(0, 1_000_000)]
    [Description("Most machines the namespace may have.")]
    public int? MaxMachines { get; set; }
}
