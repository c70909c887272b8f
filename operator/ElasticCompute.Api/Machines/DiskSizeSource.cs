using System.Text.Json.Serialization;

namespace ElasticCompute.Api.Machines;

[JsonConverter(typeof(JsonStringEnumConverter<DiskSizeSource>))]
public enum DiskSizeSource
{
    /// <summary>The platform's recommendation (spec.storage.size was absent, or equal to it).</summary>
    Recommended,

    /// <summary>The user's own size.</summary>
    Chosen,
}
