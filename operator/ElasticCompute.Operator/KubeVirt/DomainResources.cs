using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>domain.resources: explicit pod requests, which win over the topology when the scheduler counts.</summary>
internal sealed record DomainResources
{
    [JsonPropertyName("requests")]
    public IDictionary<string, Quantity>? Requests { get; set; }

    [JsonPropertyName("limits")]
    public IDictionary<string, Quantity>? Limits { get; set; }
}
