using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record DataVolumeSourceRef
{
    public const string DataSourceKind = "DataSource";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = DataSourceKind;

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Defaults to the DataVolume's namespace.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }
}
