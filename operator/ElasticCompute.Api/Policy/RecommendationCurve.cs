using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Schema;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;

namespace ElasticCompute.Api.Policy;

public sealed record RecommendationCurve
{
    [JsonPropertyName("diskPerMemory")]
    [Range(1, 1000)]
    [Description("GiB of disk recommended per GiB of memory (the public clouds that tie disk to plan use about 20).")]
    public int? DiskPerMemory { get; set; }

    [JsonPropertyName("minimum")]
    [Description("Smallest disk ever recommended (the floor), for example 25Gi.")]
    public Quantity? Minimum { get; set; }

    [JsonPropertyName("maximum")]
    [Description("Largest disk recommended or allowed (the cap), for example 2560Gi.")]
    public Quantity? Maximum { get; set; }

    [JsonPropertyName("standardSizes")]
    [MaxLength(64)]
    [ListType("atomic")]
    [Description("The ladder of standard sizes a recommendation is rounded up to, smallest first. Past the last rung it is rounded up to a whole Gi.")]
    public IList<Quantity>? StandardSizes { get; set; }

    [JsonPropertyName("imageHeadroomPercent")]
    [Range(0, 1000)]
    [Description("Room left on top of an image's own minimum disk size, in percent.")]
    public int? ImageHeadroomPercent { get; set; }
}
