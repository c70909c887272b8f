using System.Text.Json.Serialization;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>SSH keys from a Secret, which KubeVirt hands to cloud-init NoCloud as meta-data public-keys.</summary>
internal sealed record SshPublicKeyAccessCredential
{
    [JsonPropertyName("source")]
    public SshPublicKeySource Source { get; set; } = new();

    [JsonPropertyName("propagationMethod")]
    public SshPublicKeyPropagation PropagationMethod { get; set; } = new();
}
