using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record SshPublicKeyPropagation
{
    [JsonPropertyName("noCloud")]
    public EmptyObject? NoCloud { get; set; }
}
