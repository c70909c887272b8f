using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;
using RangeAttribute = System.ComponentModel.DataAnnotations.RangeAttribute;

namespace ElasticCompute.Api.Policy;

/// <summary>The policy's way in from the network: a Service per machine, of this type, for these guest ports.</summary>
public sealed record MachineExposure
{
    /// <summary>At most this many ports per machine: a Service per machine, each port a node port taken on every node.</summary>
    public const int MaxPorts = 16;

    [JsonPropertyName("type")]
    [DefaultValue(ExposureType.None)]
    [Description("None (reachable only inside the cluster), NodePort (a port on every node) or LoadBalancer (an address from the cluster's load balancer).")]
    public ExposureType? Type { get; set; }

    [JsonPropertyName("ports")]
    [MaxLength(MaxPorts)]
    [ListType("set")]
    [Range(1, 65535)]
    [Description("Guest TCP ports each machine's Service forwards, 1-65535, each once. Absent means [22] (SSH).")]
    public IList<int>? Ports { get; set; }
}
