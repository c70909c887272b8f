using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record AccessCredentialSecretSource
{
    [JsonPropertyName("secretName")]
    public string SecretName { get; set; } = string.Empty;
}
