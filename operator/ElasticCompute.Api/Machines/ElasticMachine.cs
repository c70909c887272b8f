using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Schema;
using k8s;
using k8s.Models;

namespace ElasticCompute.Api.Machines;

[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(Singular = "elasticmachine", ShortNames = ["em"], Categories = ["elasticcompute"])]
[Description("ElasticMachine is a virtual machine a person asks for by size: vCPUs and memory (or an instance type), a disk and a boot image. The operator turns it into a KubeVirt VirtualMachine with its disk on the cluster's physical nodes.")]
[PrinterColumn("CPU", "integer", ".status.cpu", Description = "vCPUs the machine has now", Order = 0)]
[PrinterColumn("Memory", "string", ".status.memory", Description = "Memory the machine has now", Order = 1)]
[PrinterColumn("Disk", "string", ".status.disk.size", Description = "Size of the boot disk", Order = 2)]
[PrinterColumn("Status", "string", ".status.phase", Description = "Lifecycle phase", Order = 3)]
[PrinterColumn("Node", "string", ".status.nodeName", Description = "Physical node the machine runs on", Order = 4)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 5)]
[PrinterColumn("Instancetype", "string", ".spec.instanceType", Description = "Instance type, when the size comes from one", Priority = 1, Order = 6)]
[PrinterColumn("IP", "string", ".status.ipAddress", Description = "Address of the machine on the pod network", Priority = 1, Order = 7)]
public sealed record ElasticMachine() : KubernetesResource(ApiVersionValue, KubeKind), ISpec<ElasticMachineSpec>, IStatus<ElasticMachineStatus?>
{
    public const string KubeGroup = "elasticcompute.io";
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeKind = "ElasticMachine";
    public const string KubePluralName = "elasticmachines";
    public const string ApiVersionValue = KubeGroup + "/" + KubeApiVersion;

    /// <summary>Keeps a machine until its disk has been kept or deleted as its reclaim policy says.</summary>
    public const string CleanupFinalizer = "elasticcompute.io/cleanup";

    /// <summary>Opt-in (value "true"): the operator restarts a running machine itself when a resize needs it.</summary>
    public const string RestartOnResizeAnnotation = "elasticcompute.io/restart-on-resize";

    [JsonPropertyName("spec")]
    [System.ComponentModel.DataAnnotations.Required]
    [Description("What the machine should be: its size, disk, image and run strategy.")]
    public ElasticMachineSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("What the machine is, as the operator last observed it.")]
    public ElasticMachineStatus? Status { get; set; }
}
