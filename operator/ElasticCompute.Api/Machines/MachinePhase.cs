using System.Text.Json.Serialization;

namespace ElasticCompute.Api.Machines;

[JsonConverter(typeof(JsonStringEnumConverter<MachinePhase>))]
public enum MachinePhase
{
    Pending,
    Provisioning,
    Starting,
    Running,
    Stopping,
    Stopped,
    Failed,
    Terminating,
}
