using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ElasticCompute.Api.Machines;

/// <summary>One exposed guest port and where it answers from outside the cluster.</summary>
public sealed record AccessEndpoint
{
    [JsonPropertyName("name")]
    [Description("The Service port's name: ssh for 22, else tcp-<port>.")]
    public string? Name { get; set; }

    [JsonPropertyName("port")]
    [Required]
    [Description("The guest's TCP port.")]
    public int Port { get; set; }

    [JsonPropertyName("host")]
    [Description("The address to connect to: a node's address (NodePort) or the load balancer's IP or hostname.")]
    public string? Host { get; set; }

    [JsonPropertyName("hostPort")]
    [Description("The port to connect to on host: the node port, or the Service port on a load balancer.")]
    public int? HostPort { get; set; }
}
