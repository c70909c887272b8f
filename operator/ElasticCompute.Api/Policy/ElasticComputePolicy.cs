using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;
using k8s;
using k8s.Models;

namespace ElasticCompute.Api.Policy;

[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ClusterScoped = true, Singular = "elasticcomputepolicy", ShortNames = ["ecp"], Categories = ["elasticcompute"])]
[Description("ElasticComputePolicy is the platform policy: the sizes people may pick, how disks are recommended, the golden images, the resource pools and the per-namespace quotas. There is one, named default; built-in defaults apply to whatever it leaves out, and to everything when it is absent.")]
[CelRule("self.metadata.name == 'default'", "metadata.name: the platform policy must be named default")]
[PrinterColumn("Pools", "integer", ".status.poolCount", Description = "Number of resource pools", Order = 0)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 1)]
public sealed record ElasticComputePolicy() : KubernetesResource(ApiVersionValue, KubeKind), ISpec<ElasticComputePolicySpec>, IStatus<ElasticComputePolicyStatus?>
{
    public const string KubeGroup = "elasticcompute.io";
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeKind = "ElasticComputePolicy";
    public const string KubePluralName = "elasticcomputepolicies";
    public const string ApiVersionValue = KubeGroup + "/" + KubeApiVersion;

    /// <summary>The one policy object the platform reads.</summary>
    public const string DefaultName = "default";

    [JsonPropertyName("spec")]
    [Description("The policy. Every section is optional: what is left out takes the built-in default.")]
    public ElasticComputePolicySpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Capacity of each pool, as the operator last measured it.")]
    public ElasticComputePolicyStatus? Status { get; set; }
}
