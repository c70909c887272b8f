using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Schema;
using MaxLengthAttribute = ElasticCompute.Api.Schema.MaxLengthAttribute;

namespace ElasticCompute.Api.Machines;

[CelRule("has(self.instanceType) || (has(self.cpu) && has(self.memory))",
    "spec: set either cpu and memory, or instanceType")]
[CelRule("!has(self.instanceType) || (!has(self.cpu) && !has(self.memory))",
    "spec.instanceType: cannot be combined with spec.cpu or spec.memory; choose one form")]
[CelRule("has(self.instanceType) == has(oldSelf.instanceType)",
    "spec: cannot switch between instanceType and cpu/memory after creation")]
[CelRule("has(self.pool) == has(oldSelf.pool) && (!has(self.pool) || self.pool == oldSelf.pool)",
    "spec.pool: is immutable after creation", FieldPath = ".pool")]
[CelRule("has(self.image) == has(oldSelf.image) && (!has(self.image) || self.image == oldSelf.image)",
    "spec.image: is immutable after creation", FieldPath = ".image")]
[CelRule("!has(oldSelf.storage) || !has(oldSelf.storage.size) || (has(self.storage) && has(self.storage.size) && quantity(string(self.storage.size)).compareTo(quantity(string(oldSelf.storage.size))) >= 0)",
    "spec.storage.size: cannot be removed or made smaller once set; disks only grow", FieldPath = ".storage.size")]
[CelRule("(has(self.storage) && has(self.storage.storageClassName)) == (has(oldSelf.storage) && has(oldSelf.storage.storageClassName)) && (!has(self.storage) || !has(self.storage.storageClassName) || self.storage.storageClassName == oldSelf.storage.storageClassName)",
    "spec.storage.storageClassName: is immutable after creation", FieldPath = ".storage.storageClassName")]
public sealed record ElasticMachineSpec
{
    [JsonPropertyName("cpu")]
    [Range(1, 1024)]
    [Description("Number of virtual CPUs. Set together with memory, or use instanceType instead. Must be one of the sizes the platform policy allows (by default 1, 2, 4, 8, 16 or 32).")]
    public int? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [Description("Memory of the machine as a Kubernetes quantity, for example 4Gi or 1536Mi. Set together with cpu, or use instanceType instead. Must lie within the platform policy's range, step and memory-per-vCPU ratio.")]
    public Quantity? Memory { get; set; }

    [JsonPropertyName("instanceType")]
    [DnsName(DnsNameKind.Subdomain)]
    [Description("Name of a KubeVirt cluster instancetype (for example u1.medium) that fixes cpu and memory. Use it instead of cpu and memory, not with them.")]
    public string? InstanceType { get; set; }

    [JsonPropertyName("pool")]
    [DnsName(DnsNameKind.Label)]
    [Description("Resource pool to place the machine in, as named in the platform policy. Defaults to the policy's default pool. Immutable.")]
    public string? Pool { get; set; }

    [JsonPropertyName("storage")]
    [Description("The boot disk: size, storage class and what happens to it when the machine is deleted.")]
    public MachineStorage? Storage { get; set; }

    [JsonPropertyName("image")]
    [Description("Where the boot disk's contents come from: exactly one of dataSource, registry, http or blank. Defaults to the platform policy's default image. Immutable.")]
    public MachineImage? Image { get; set; }

    [JsonPropertyName("runStrategy")]
    [DefaultValue(Machines.RunStrategy.Always)]
    [Description("Whether the machine should run, with KubeVirt's meanings: Always (keep it running), Halted (keep it stopped), RerunOnFailure (restart it only after a failure), Manual (start and stop only on request).")]
    public RunStrategy? RunStrategy { get; set; }

    [JsonPropertyName("sshKeys")]
    [MaxLength(32)]
    [ListType("set")]
    [Description("SSH public keys (ssh-ed25519, ecdsa-sha2-nistp256/384/521, or ssh-rsa of at least 2048 bits) authorized to log in, passed to the machine by cloud-init.")]
    public IList<string>? SshKeys { get; set; }

    [JsonPropertyName("userDataSecretRef")]
    [Description("Secret in the machine's namespace whose key \"userdata\" holds cloud-init user data.")]
    public SecretReference? UserDataSecretRef { get; set; }
}
