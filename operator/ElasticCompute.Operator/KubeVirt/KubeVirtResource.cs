using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>
/// Type and object metadata of the KubeVirt and CDI objects the operator writes and reads. The models
/// carry only the fields the operator owns or reads (no extension data), so a patch built from one never
/// sends fields another controller owns.
/// </summary>
internal abstract record KubeVirtResource : IKubernetesObject<V1ObjectMeta>
{
    protected KubeVirtResource(string apiVersion, string kind)
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
