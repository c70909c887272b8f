using ElasticCompute.Api.Machines;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Runtime.Hosting;
using k8s.Models;

namespace ElasticCompute.Operator.Caching;

/// <summary>
/// What the operator's caches keep of each object: only the fields the reconcilers read, with repeated strings
/// shared. With 10,000 machines the caches hold some 40,000 objects, so every dropped field counts. A VM keeps
/// the digest of its spec (drift is detected on it) plus the cpu and memory it runs with; a VMI its node,
/// phase, requests, sizes, address and the two conditions read; a DataVolume its size and progress.
/// </summary>
internal sealed class CacheProjections
{
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    private static readonly Devices NoDevices = new();
    private static readonly HashSet<string> InstanceConditions = new(StringComparer.Ordinal) { "Ready", "PodScheduled" };

    public StringPool Strings { get; } = new();

    public void Register(Manager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        manager.SetTransform<ElasticMachine>(Machine);
        manager.SetTransform<VirtualMachine>(VirtualMachine);
        manager.SetTransform<VirtualMachineInstance>(Instance);
        manager.SetTransform<DataVolume>(DataVolume);
        manager.SetTransform<V1Node>(Node);
    }

    /// <summary>Machines are read whole (spec, status, annotations); only repeated strings are shared.</summary>
    public ElasticMachine Machine(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        machine.Metadata.NamespaceProperty = Strings.Intern(machine.Metadata.NamespaceProperty);
        machine.Metadata.Labels = Strings.Intern(machine.Metadata.Labels);
        if (machine.Metadata.Annotations is { } annotations && annotations.ContainsKey(LastAppliedAnnotation))
        {
            // kubectl apply's copy of the whole manifest: nothing reads it, and it is often the largest field.
            machine.Metadata.Annotations = annotations.Count == 1 ? null : annotations.Where(a => a.Key != LastAppliedAnnotation).ToDictionary(StringComparer.Ordinal);
        }

        foreach (var condition in machine.Status?.Conditions ?? [])
        {
            condition.Type = Strings.Intern(condition.Type);
            condition.Status = Strings.Intern(condition.Status);
            condition.Reason = Strings.Intern(condition.Reason);
        }

        if (machine.Status is { } status)
        {
            status.NodeName = Strings.Intern(status.NodeName);
        }

        return machine;
    }

    public VirtualMachine VirtualMachine(VirtualMachine vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var domain = vm.Spec.Template.Spec.Domain;
        return new VirtualMachine
        {
            Metadata = Meta(vm.Metadata),
            SpecDigest = SpecHash.Of(vm.Spec),
            Spec = new VirtualMachineSpec
            {
                RunStrategy = Strings.Intern(vm.Spec.RunStrategy),
                Template = new VirtualMachineInstanceTemplate { Spec = new VirtualMachineInstanceSpec { Domain = new DomainSpec { Cpu = domain.Cpu, Memory = domain.Memory, Devices = NoDevices } } },
            },
            Status = vm.Status is { } status
                ? status with { PrintableStatus = Strings.Intern(status.PrintableStatus), Conditions = Conditions(status.Conditions, c => c.Type == MachineConditions.RestartRequired) }
                : null,
        };
    }

    public VirtualMachineInstance Instance(VirtualMachineInstance vmi)
    {
        ArgumentNullException.ThrowIfNull(vmi);
        var domain = vmi.Spec.Domain;
        var status = vmi.Status;
        return new VirtualMachineInstance
        {
            Metadata = Meta(vmi.Metadata),
            NodeRequests = Machines.CapacityPlanner.Requests(vmi),
            Spec = new VirtualMachineInstanceSpec
            {
                Domain = new DomainSpec
                {
                    Cpu = domain.Cpu,
                    Memory = domain.Memory,
                    Resources = domain.Resources?.Requests is { } requests ? new DomainResources { Requests = requests } : null,
                    Devices = NoDevices,
                },
            },
            Status = status is null ? null : new VirtualMachineInstanceStatus
            {
                Phase = Strings.Intern(status.Phase),
                NodeName = Strings.Intern(status.NodeName),
                Reason = Strings.Intern(status.Reason),
                Interfaces = status.Interfaces is { Count: > 0 } interfaces ? [Interface(interfaces)] : null,
                Conditions = Conditions(status.Conditions, c => InstanceConditions.Contains(c.Type)),
                CurrentCpuTopology = status.CurrentCpuTopology,
                Memory = status.Memory?.GuestCurrent is { } current ? new VmiMemoryStatus { GuestCurrent = current } : null,
            },
        };
    }

    public DataVolume DataVolume(DataVolume dv)
    {
        ArgumentNullException.ThrowIfNull(dv);
        var status = dv.Status;
        return new DataVolume
        {
            Metadata = Meta(dv.Metadata),
            Spec = new DataVolumeSpec { Storage = dv.Spec.Storage?.Resources is { } resources ? new DataVolumeStorage { Resources = resources } : null },
            Status = status is null ? null : new DataVolumeStatus
            {
                Phase = Strings.Intern(status.Phase),
                Progress = Strings.Intern(status.Progress),
                // Conditions are read only to explain a failure.
                Conditions = status.Phase == DataVolumePhases.Failed ? Conditions(status.Conditions, _ => true) : null,
            },
        };
    }

    /// <summary>Nodes are few, but each carries its image list and much more status than capacity needs.</summary>
    public V1Node Node(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new V1Node
        {
            ApiVersion = node.ApiVersion,
            Kind = node.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = Strings.Intern(node.Metadata?.Name),
                Uid = node.Metadata?.Uid,
                ResourceVersion = node.Metadata?.ResourceVersion,
                Labels = Strings.Intern(node.Metadata?.Labels),
                DeletionTimestamp = node.Metadata?.DeletionTimestamp,
            },
            Spec = new V1NodeSpec { Unschedulable = node.Spec?.Unschedulable },
            Status = new V1NodeStatus
            {
                Allocatable = node.Status?.Allocatable,
                Conditions = node.Status?.Conditions?.Where(c => c.Type == "Ready").ToList(),
            },
        };
    }

    private V1ObjectMeta Meta(V1ObjectMeta meta) => new()
    {
        Name = meta.Name,
        NamespaceProperty = Strings.Intern(meta.NamespaceProperty),
        Uid = meta.Uid,
        ResourceVersion = meta.ResourceVersion,
        Generation = meta.Generation,
        DeletionTimestamp = meta.DeletionTimestamp,
        // An exact-size array, not a List with spare slots; a VM's and a VMI's owner has their own name, so they share it.
        OwnerReferences = meta.OwnerReferences?.Select(o => new V1OwnerReference
        {
            ApiVersion = Strings.Intern(o.ApiVersion),
            Kind = Strings.Intern(o.Kind),
            Name = o.Name == meta.Name ? meta.Name : o.Name,
            Uid = o.Uid,
            Controller = o.Controller,
            BlockOwnerDeletion = o.BlockOwnerDeletion,
        }).ToArray(),
    };

    private VmiInterfaceStatus Interface(IList<VmiInterfaceStatus> interfaces)
    {
        var chosen = interfaces.FirstOrDefault(i => i.Name == Machines.VirtualMachineBuilder.DefaultNetwork) ?? interfaces[0];
        return new VmiInterfaceStatus
        {
            Name = Strings.Intern(chosen.Name),
            IpAddress = chosen.IpAddress,
            IpAddresses = chosen.IpAddress is { Length: > 0 } ? null : chosen.IpAddresses,
        };
    }

    private List<KubeVirtCondition>? Conditions(IList<KubeVirtCondition>? conditions, Func<KubeVirtCondition, bool> keep)
    {
        var kept = conditions?.Where(keep).Select(c => new KubeVirtCondition
        {
            Type = Strings.Intern(c.Type)!,
            Status = Strings.Intern(c.Status)!,
            Reason = Strings.Intern(c.Reason),
            Message = c.Message,
        }).ToList();
        return kept is { Count: > 0 } ? kept : null;
    }
}
