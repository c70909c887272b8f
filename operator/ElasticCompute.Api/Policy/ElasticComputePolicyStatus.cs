using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;
using k8s.Models;

namespace ElasticCompute.Api.Policy;

public sealed record ElasticComputePolicyStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [ListType("map", "type")]
    [Description("Current conditions of the policy (for example Valid, with the reason a policy was refused).")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("poolCount")]
    [Description("Number of resource pools in effect.")]
    public int? PoolCount { get; set; }

    [JsonPropertyName("pools")]
    [ListType("map", "name")]
    [Description("Capacity of each pool.")]
    public IList<PoolCapacity>? Pools { get; set; }
}
