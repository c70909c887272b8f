using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;

namespace ElasticCompute.Api.Machines;

/// <summary>Where the machine is reached from the network: its Service and, once known, an address per port.</summary>
public sealed record MachineAccess
{
    [JsonPropertyName("service")]
    [Description("Name of the Service that exposes the machine, in the machine's namespace.")]
    public string? Service { get; set; }

    [JsonPropertyName("type")]
    [Description("The Service's type: NodePort or LoadBalancer.")]
    public string? Type { get; set; }

    [JsonPropertyName("endpoints")]
    [ListType("map", "port")]
    [Description("Per exposed guest port, the host and port to connect to. Empty until an address is known (a Ready node, or the load balancer's ingress).")]
    public IList<AccessEndpoint>? Endpoints { get; set; }

    [JsonPropertyName("ssh")]
    [Description("A ready-to-run ssh command for the image's login user, when port 22 is exposed and reachable, for example \"ssh -p 30022 ubuntu@203.0.113.7\".")]
    public string? Ssh { get; set; }
}
