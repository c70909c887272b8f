using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record StorageResources
{
    [JsonPropertyName("requests")]
    public IDictionary<string, Quantity>? Requests { get; set; }
}
