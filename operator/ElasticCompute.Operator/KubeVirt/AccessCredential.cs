using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record AccessCredential
{
    [JsonPropertyName("sshPublicKey")]
    public SshPublicKeyAccessCredential? SshPublicKey { get; set; }
}
