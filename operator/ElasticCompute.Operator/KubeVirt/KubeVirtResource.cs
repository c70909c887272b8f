using ElasticCompute.Api.Schema;

namespace ElasticCompute.Operator.KubeVirt;

/// <summary>
/// Type and object metadata of the KubeVirt and CDI objects the operator writes and reads. The models
/// carry only the fields the operator owns or reads (no extension data), so a patch built from one never
/// sends fields another controller owns.
/// </summary>
internal abstract record KubeVirtResource : KubernetesResource
{
    protected KubeVirtResource(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }
}
