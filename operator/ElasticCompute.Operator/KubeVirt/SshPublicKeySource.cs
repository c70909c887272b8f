using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record SshPublicKeySource
{
    [JsonPropertyName("secret")]
    public AccessCredentialSecretSource? Secret { get; set; }
}
