using System.Text.Json.Serialization;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

internal sealed record CloudInitNoCloudSource
{
    [JsonPropertyName("userData")]
    public string? UserData { get; set; }

    /// <summary>A Secret whose key <c>userdata</c> (or <c>userData</c>) holds the user data.</summary>
    [JsonPropertyName("secretRef")]
    public V1LocalObjectReference? SecretRef { get; set; }
}
