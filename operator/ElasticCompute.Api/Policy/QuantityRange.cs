using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Policy;

public sealed record QuantityRange
{
    [JsonPropertyName("min")]
    [Description("Smallest allowed value.")]
    public Quantity? Min { get; set; }

    [JsonPropertyName("max")]
    [Description("Largest allowed value.")]
    public Quantity? Max { get; set; }
}
