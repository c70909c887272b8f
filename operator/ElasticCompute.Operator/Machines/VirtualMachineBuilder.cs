using System.Text;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;
using k8s.Models;

namespace ElasticCompute.Operator.Machines;

/// <remarks>
/// Size is always written as explicit cpu sockets and guest memory, also for machines sized by an instance
/// type (recorded in a label): a KubeVirt instancetype reference forbids domain.cpu/memory, so it would
/// rule out maxSockets/maxGuest and make resizes differ by how the size was given. The eviction strategy is
/// LiveMigrateIfPossible: a node drain migrates machines whose disk allows it (RWX) and otherwise stops
/// them, to be restarted elsewhere by their run strategy, instead of blocking the drain.
/// </remarks>
internal sealed class VirtualMachineBuilder : IVirtualMachineBuilder
{
    public const string RootDisk = "rootdisk";
    public const string CloudInitDisk = "cloudinitdisk";
    public const string DefaultNetwork = "default";
    public const string VirtioBus = "virtio";
    public const string EvictionStrategy = "LiveMigrateIfPossible";

    public VirtualMachine Build(ElasticMachine machine, EffectivePolicy policy, MachineSize size, string dataVolumeName, HotplugLimits? currentLimits = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(size);
        ArgumentException.ThrowIfNullOrEmpty(dataVolumeName);
        var name = machine.Metadata.Name;
        var spec = machine.Spec;
        var limits = currentLimits is not null && currentLimits.Holds(size) ? currentLimits : HotplugLimits.For(size, policy);
        policy.TryGetPool(spec.Pool, out var pool);

        var labels = MachineLabels.For(name);
        if (spec.InstanceType is { } instanceType)
        {
            labels[MachineLabels.InstanceType] = instanceType;
        }

        if (pool is not null)
        {
            labels[MachineLabels.Pool] = pool.Name;
        }

        return new VirtualMachine
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = machine.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                OwnerReferences = [MachineOwner.ReferenceTo(machine)],
            },
            Spec = new VirtualMachineSpec
            {
                RunStrategy = (spec.RunStrategy ?? RunStrategy.Always).ToString(),
                Template = new VirtualMachineInstanceTemplate
                {
                    // KubeVirt copies these to the VMI, so VMIs can be traced to their machine too.
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
                    Spec = new VirtualMachineInstanceSpec
                    {
                        Domain = new DomainSpec
                        {
                            Cpu = new CpuTopology { Sockets = size.Cpu, Cores = 1, Threads = 1, MaxSockets = limits.MaxSockets },
                            Memory = new GuestMemory
                            {
                                Guest = Quantity.FromBytes(size.MemoryBytes),
                                MaxGuest = limits.MaxGuestBytes is { } max ? Quantity.FromBytes(max) : (Quantity?)null,
                            },
                            Devices = new Devices
                            {
                                Disks =
                                [
                                    new Disk { Name = RootDisk, Target = new DiskTarget { Bus = VirtioBus }, BootOrder = 1 },
                                    new Disk { Name = CloudInitDisk, Target = new DiskTarget { Bus = VirtioBus } },
                                ],
                                Interfaces = [new DomainInterface { Name = DefaultNetwork, Masquerade = EmptyObject.Instance }],
                            },
                        },
                        NodeSelector = pool?.NodeSelector is { Count: > 0 } selector
                            ? new Dictionary<string, string>(selector, StringComparer.Ordinal)
                            : (Dictionary<string, string>?)null,
                        EvictionStrategy = EvictionStrategy,
                        AccessCredentials = CloudInit.UsesKeySecret(spec)
                            ?
                            [
                                new AccessCredential
                                {
                                    SshPublicKey = new SshPublicKeyAccessCredential
                                    {
                                        Source = new SshPublicKeySource { Secret = new AccessCredentialSecretSource { SecretName = CloudInit.SshKeySecretName(name) } },
                                        PropagationMethod = new SshPublicKeyPropagation { NoCloud = EmptyObject.Instance },
                                    },
                                },
                            ]
                            : null,
                        Networks = [new Network { Name = DefaultNetwork, Pod = EmptyObject.Instance }],
                        Volumes =
                        [
                            new Volume { Name = RootDisk, DataVolume = new DataVolumeVolumeSource { Name = dataVolumeName } },
                            new Volume { Name = CloudInitDisk, CloudInitNoCloud = CloudInitSource(spec) },
                        ],
                    },
                },
            },
        };
    }

    public V1Secret? BuildSshKeySecret(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (!CloudInit.UsesKeySecret(machine.Spec))
        {
            return null;
        }

        var keys = string.Join('\n', machine.Spec.SshKeys!.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim())) + "\n";
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = CloudInit.SshKeySecretName(machine.Metadata.Name),
                NamespaceProperty = machine.Metadata.NamespaceProperty,
                Labels = MachineLabels.For(machine.Metadata.Name),
                OwnerReferences = [MachineOwner.ReferenceTo(machine)],
            },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [CloudInit.AuthorizedKeysKey] = Encoding.UTF8.GetBytes(keys) },
        };
    }

    private static CloudInitNoCloudSource CloudInitSource(ElasticMachineSpec spec) =>
        spec.UserDataSecretRef is { } secret
            ? new CloudInitNoCloudSource { SecretRef = new V1LocalObjectReference { Name = secret.Name } }
            : new CloudInitNoCloudSource { UserData = CloudInit.UserData(spec.SshKeys) };
}
