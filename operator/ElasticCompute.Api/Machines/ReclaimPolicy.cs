using System.Text.Json.Serialization;

namespace ElasticCompute.Api.Machines;

[JsonConverter(typeof(JsonStringEnumConverter<ReclaimPolicy>))]
public enum ReclaimPolicy
{
    /// <summary>Keep the disk when the machine is deleted.</summary>
    Retain,

    /// <summary>Delete the disk with the machine.</summary>
    Delete,
}
