using System.ComponentModel;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Schema;
using k8s.Models;

namespace ElasticCompute.Api.Machines;

public sealed record ElasticMachineStatus
{
    [JsonPropertyName("phase")]
    [Description("Lifecycle phase: Pending, Provisioning, Starting, Running, Stopping, Stopped, Failed or Terminating. A summary for people; use conditions in automation.")]
    public MachinePhase? Phase { get; set; }

    [JsonPropertyName("conditions")]
    [ListType("map", "type")]
    [Description("Current conditions: Ready, DiskReady, CapacityAvailable and RestartRequired, and kstatus' Reconciling and Stalled (so Argo CD and Flux read health), each with a reason and a message.")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes; older than the current generation while a change is being applied.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("cpu")]
    [Description("vCPUs the machine has now (from spec.cpu or its instance type).")]
    public int? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [Description("Memory the machine has now (from spec.memory or its instance type).")]
    public Quantity? Memory { get; set; }

    [JsonPropertyName("nodeName")]
    [Description("Physical node the machine is running on, when it runs.")]
    public string? NodeName { get; set; }

    [JsonPropertyName("virtualMachineName")]
    [Description("Name of the KubeVirt VirtualMachine that realises this machine, in the same namespace.")]
    public string? VirtualMachineName { get; set; }

    [JsonPropertyName("ipAddress")]
    [Description("Address of the machine on the pod network, when it runs.")]
    public string? IpAddress { get; set; }

    [JsonPropertyName("access")]
    [Description("Where to connect from the network, when the policy exposes machines: the Service, an address per port and an ssh command.")]
    public MachineAccess? Access { get; set; }

    [JsonPropertyName("disk")]
    [Description("The boot disk as provisioned: its size and how that size was chosen.")]
    public DiskStatus? Disk { get; set; }
}
