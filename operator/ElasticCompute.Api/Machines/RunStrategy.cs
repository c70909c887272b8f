using System.Text.Json.Serialization;

namespace ElasticCompute.Api.Machines;

/// <summary>KubeVirt's run strategies, with KubeVirt's meanings.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStrategy>))]
public enum RunStrategy
{
    Always,
    Halted,
    RerunOnFailure,
    Manual,
}
