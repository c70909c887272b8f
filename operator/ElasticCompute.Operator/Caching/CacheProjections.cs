using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Runtime.Hosting;
using k8s.Models;

namespace ElasticCompute.Operator.Caching;

/// <summary>
/// What the operator's caches keep of each object: only the fields the reconcilers read, with repeated values
/// shared. With 10,000 machines the caches hold some 40,000 objects, so every dropped field counts. A VM keeps
/// the digest of its spec (drift is detected on it) plus the cpu and memory it runs with; a VMI its node,
/// phase, requests, sizes, address and the two conditions read; a DataVolume its size and progress. Machines of
/// one size share one VM spec, one VMI spec and one disk spec; conditions, labels, finalizers and ssh keys that
/// repeat are shared too (see <see cref="SharedValues"/>).
/// </summary>
internal sealed class CacheProjections
{
    private static readonly Devices NoDevices = new();
    private static readonly HashSet<string> InstanceConditions = new(StringComparer.Ordinal) { "Ready", "PodScheduled" };

    public SharedValues Shared { get; } = new();

    public void Register(Manager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        manager.SetTransform<ElasticMachine>(Machine);
        manager.SetTransform<VirtualMachine>(VirtualMachine);
        manager.SetTransform<VirtualMachineInstance>(Instance);
        manager.SetTransform<DataVolume>(DataVolume);
        manager.SetTransform<V1Node>(Node);
        manager.SetTransform<V1Service>(Service);
    }

    /// <summary>
    /// Machines are read whole (spec, status, annotations); repeated values are shared. kubectl's last-applied copy
    /// of the manifest is already gone: the informer drops it before any projection.
    /// </summary>
    public ElasticMachine Machine(ElasticMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var meta = machine.Metadata;
        meta.NamespaceProperty = Shared.Share(meta.NamespaceProperty);
        meta.Labels = Shared.ShareMap(meta.Labels);
        meta.Finalizers = Shared.ShareList(meta.Finalizers);
        machine.Spec.Storage = Shared.Share(machine.Spec.Storage);
        machine.Spec.Image = Shared.Share(machine.Spec.Image);
        machine.Spec.SshKeys = Shared.ShareList(machine.Spec.SshKeys);
        foreach (var condition in machine.Status?.Conditions ?? [])
        {
            condition.Type = Shared.Share(condition.Type);
            condition.Status = Shared.Share(condition.Status);
            condition.Reason = Shared.Share(condition.Reason);
            condition.Message = Shared.Share(condition.Message);
        }

        if (machine.Status is { } status)
        {
            status.NodeName = Shared.Share(status.NodeName);
            if (status.Disk is { } disk)
            {
                disk.Recommendation = Shared.Share(disk.Recommendation);
                disk.StorageClassName = Shared.Share(disk.StorageClassName);
            }
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
            Spec = Shared.Share(new VirtualMachineSpec
            {
                RunStrategy = Shared.Share(vm.Spec.RunStrategy),
                // The node selector (one shared map per pool) tells where a VM waiting for its VMI may still take room.
                Template = new VirtualMachineInstanceTemplate { Spec = new VirtualMachineInstanceSpec { Domain = Domain(domain.Cpu, domain.Memory), NodeSelector = Shared.ShareMap(vm.Spec.Template.Spec.NodeSelector) } },
            })!,
            Status = vm.Status is { } status
                ? Shared.Share(status with { PrintableStatus = Shared.Share(status.PrintableStatus), Conditions = Conditions(status.Conditions, c => c.Type == MachineConditions.RestartRequired) })
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
            // The requests live on as NodeRequests; cpu and memory are read when the status does not report them yet.
            Spec = Shared.Share(new VirtualMachineInstanceSpec { Domain = Domain(domain.Cpu, domain.Memory) })!,
            Status = status is null ? null : new VirtualMachineInstanceStatus
            {
                Phase = Shared.Share(status.Phase),
                NodeName = Shared.Share(status.NodeName),
                Reason = Shared.Share(status.Reason),
                Interfaces = status.Interfaces is { Count: > 0 } interfaces ? [Interface(interfaces)] : null,
                Conditions = Conditions(status.Conditions, c => InstanceConditions.Contains(c.Type)),
                CurrentCpuTopology = Shared.Share(status.CurrentCpuTopology),
                Memory = status.Memory?.GuestCurrent is { } current ? Shared.Share(new VmiMemoryStatus { GuestCurrent = current }) : null,
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
            Spec = DiskSpec(dv.Spec.Storage?.Resources),
            Status = status is null ? null : Shared.Share(new DataVolumeStatus
            {
                Phase = Shared.Share(status.Phase),
                Progress = Shared.Share(status.Progress),
                // Conditions are read only to explain a failure, or a wait that has not started (a source not found).
                Conditions = status.Phase switch
                {
                    DataVolumePhases.Failed => Conditions(status.Conditions, _ => true),
                    null or "" or DataVolumePhases.Pending => Conditions(status.Conditions, c => c.Type is "Bound" or "Ready" && c.Status == "False"),
                    _ => null,
                },
            }),
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
                Name = Shared.Share(node.Metadata?.Name),
                Uid = node.Metadata?.Uid,
                ResourceVersion = node.Metadata?.ResourceVersion,
                Labels = Shared.ShareMap(node.Metadata?.Labels),
                DeletionTimestamp = node.Metadata?.DeletionTimestamp,
            },
            Spec = new V1NodeSpec { Unschedulable = node.Spec?.Unschedulable },
            Status = new V1NodeStatus
            {
                Allocatable = node.Status?.Allocatable,
                Conditions = node.Status?.Conditions?.Where(c => c.Type == "Ready").ToList(),
                // Where a machine's node port is reached (status.access).
                Addresses = node.Status?.Addresses?.Where(a => a.Type is "ExternalIP" or "InternalIP").ToList(),
            },
        };
    }

    /// <summary>A Service keeps what status.access and drift read: type, selector, ports and the load balancer's ingress.</summary>
    public V1Service Service(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var meta = Meta(service.Metadata);
        meta.Labels = Shared.ShareMap(service.Metadata.Labels);
        return new V1Service
        {
            ApiVersion = service.ApiVersion,
            Kind = service.Kind,
            Metadata = meta,
            Spec = service.Spec is { } spec ? new V1ServiceSpec { Type = Shared.Share(spec.Type), Selector = spec.Selector, Ports = spec.Ports } : null,
            Status = service.Status?.LoadBalancer?.Ingress is { Count: > 0 } ingress
                ? new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = ingress } }
                : null,
        };
    }

    private V1ObjectMeta Meta(V1ObjectMeta meta) => new()
    {
        Name = meta.Name,
        NamespaceProperty = Shared.Share(meta.NamespaceProperty),
        Uid = meta.Uid,
        ResourceVersion = meta.ResourceVersion,
        Generation = meta.Generation,
        DeletionTimestamp = meta.DeletionTimestamp,
        // An exact-size array, not a List with spare slots; a VM's and a VMI's owner has their own name, so they share it.
        OwnerReferences = meta.OwnerReferences?.Select(o => new V1OwnerReference
        {
            ApiVersion = Shared.Share(o.ApiVersion),
            Kind = Shared.Share(o.Kind),
            Name = o.Name == meta.Name ? meta.Name : o.Name,
            Uid = o.Uid,
            Controller = o.Controller,
            BlockOwnerDeletion = o.BlockOwnerDeletion,
        }).ToArray(),
    };

    /// <summary>One domain per cpu topology and memory: a size's VMs and VMIs share it.</summary>
    private DomainSpec Domain(CpuTopology? cpu, GuestMemory? memory) =>
        Shared.Share(new DomainSpec { Cpu = Shared.Share(cpu), Memory = Shared.Share(memory), Devices = NoDevices })!;

    /// <summary>A disk's spec as read (its requested size), shared by every disk of that size.</summary>
    private DataVolumeSpec DiskSpec(StorageResources? resources)
    {
        if (resources?.Requests is not { Count: 1 } requests || !requests.TryGetValue("storage", out var size))
        {
            return new DataVolumeSpec { Storage = resources is null ? null : new DataVolumeStorage { Resources = resources } };
        }

        return Shared.Share((nameof(DataVolumeSpec), size.Value), () => new DataVolumeSpec
        {
            Storage = new DataVolumeStorage { Resources = new StorageResources { Requests = new Dictionary<string, Quantity>(StringComparer.Ordinal) { ["storage"] = size } } },
        });
    }

    private VmiInterfaceStatus Interface(IList<VmiInterfaceStatus> interfaces)
    {
        var chosen = interfaces.FirstOrDefault(i => i.Name == Machines.VirtualMachineBuilder.DefaultNetwork) ?? interfaces[0];
        return new VmiInterfaceStatus
        {
            Name = Shared.Share(chosen.Name),
            IpAddress = chosen.IpAddress,
            IpAddresses = chosen.IpAddress is { Length: > 0 } ? null : chosen.IpAddresses,
        };
    }

    /// <summary>The conditions kept, without their times; an equal list is shared (a running VMI's are all alike).</summary>
    private IList<KubeVirtCondition>? Conditions(IList<KubeVirtCondition>? conditions, Func<KubeVirtCondition, bool> keep)
    {
        var kept = conditions?.Where(keep).Select(c => new KubeVirtCondition
        {
            Type = Shared.Share(c.Type)!,
            Status = Shared.Share(c.Status)!,
            Reason = Shared.Share(c.Reason),
            Message = Shared.Share(c.Message),
        }).ToArray();
        if (kept is not { Length: > 0 })
        {
            return null;
        }

        var key = new ConditionsKey(SharedValues.Text(kept.SelectMany(c => new[] { c.Type, c.Status, c.Reason, c.Message })));
        return Shared.Share<IList<KubeVirtCondition>>(key, () => kept);
    }

    private sealed record ConditionsKey(string Text);
}
