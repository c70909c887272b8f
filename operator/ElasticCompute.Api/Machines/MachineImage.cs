using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;

namespace ElasticCompute.Api.Machines;

public sealed record MachineImage
{
    [JsonPropertyName("dataSource")]
    [MaxLength(253)]
    [Description("A named golden image: a CDI DataSource, as \"name\" (in the policy's image namespace) or \"namespace/name\", for example ubuntu-24.04.")]
    public string? DataSource { get; set; }

    [JsonPropertyName("registry")]
    [MaxLength(2048)]
    [Description("A container disk image in a registry, as docker://host/repository[:tag] or oci-archive://path, for example docker://quay.io/containerdisks/fedora:41.")]
    public string? Registry { get; set; }

    [JsonPropertyName("http")]
    [MaxLength(2048)]
    [Description("An http or https URL of a disk image (qcow2, raw, optionally compressed) to import.")]
    public string? Http { get; set; }

    [JsonPropertyName("blank")]
    [Description("True for an empty disk with no operating system (install one from the console).")]
    public bool? Blank { get; set; }
}
