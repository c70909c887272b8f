using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Api.Policy;

public sealed record FreeSlot
{
    [JsonPropertyName("cpu")]
    [Description("vCPUs free on the node with the most room.")]
    public int? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [Description("Memory free on that node.")]
    public Quantity? Memory { get; set; }

    [JsonPropertyName("nodeName")]
    [Description("The node.")]
    public string? NodeName { get; set; }
}
