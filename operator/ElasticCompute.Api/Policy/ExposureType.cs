using System.Text.Json.Serialization;

namespace ElasticCompute.Api.Policy;

/// <summary>How machines are reached from outside the cluster: the Kubernetes Service type made for each, or none.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExposureType>))]
public enum ExposureType
{
    None,
    NodePort,
    LoadBalancer,
}
