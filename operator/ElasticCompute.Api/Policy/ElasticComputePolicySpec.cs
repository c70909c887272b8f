using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Schema;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;

namespace ElasticCompute.Api.Policy;

public sealed record ElasticComputePolicySpec
{
    [JsonPropertyName("sizing")]
    [Description("The sizing catalog: which vCPU counts and memory sizes people may pick.")]
    public SizingCatalog? Sizing { get; set; }

    [JsonPropertyName("recommendation")]
    [Description("The disk recommendation curve.")]
    public RecommendationCurve? Recommendation { get; set; }

    [JsonPropertyName("defaultImage")]
    [Description("Image for machines that name none.")]
    public MachineImage? DefaultImage { get; set; }

    [JsonPropertyName("imageNamespace")]
    [DnsName(DnsNameKind.Label)]
    [Description("Namespace of the golden images' DataSources, for image.dataSource values without a namespace.")]
    public string? ImageNamespace { get; set; }

    [JsonPropertyName("goldenImages")]
    [MaxLength(256)]
    [ListType("map", "name")]
    [Description("Golden images offered to people, with the smallest disk each needs.")]
    public IList<GoldenImage>? GoldenImages { get; set; }

    [JsonPropertyName("defaultStorageClassName")]
    [DnsName(DnsNameKind.Subdomain)]
    [Description("StorageClass for disks whose machine and pool name none. Empty means the cluster's default class.")]
    public string? DefaultStorageClassName { get; set; }

    [JsonPropertyName("pools")]
    [MaxLength(64)]
    [ListType("map", "name")]
    [Description("Resource pools: groups of physical nodes (by label) with the storage class their disks use.")]
    public IList<ResourcePool>? Pools { get; set; }

    [JsonPropertyName("defaultQuota")]
    [Description("Quota for namespaces that have no entry in quotas. Absent means no limit.")]
    public NamespaceQuotaLimits? DefaultQuota { get; set; }

    [JsonPropertyName("exposure")]
    [Description("How machines are reached from the network: a Service per machine and the guest ports it forwards. Absent means None.")]
    public MachineExposure? Exposure { get; set; }

    [JsonPropertyName("quotas")]
    [MaxLength(1024)]
    [ListType("map", "namespace")]
    [Description("Per-namespace quotas.")]
    public IList<NamespaceQuota>? Quotas { get; set; }
}
