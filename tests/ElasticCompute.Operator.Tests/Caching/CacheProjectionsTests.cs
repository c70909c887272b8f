using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.Caching;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using ElasticCompute.Operator.Tests.Machines;
using k8s;
using k8s.Models;

namespace ElasticCompute.Operator.Tests.Caching;

/// <summary>What the caches drop must not change any decision the reconcilers take from them.</summary>
public sealed class CacheProjectionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly CacheProjections projections = new();

    // A VMI as KubeVirt reports it: several interfaces, conditions the operator never reads, guest OS info.
    private const string RunningVmi = """
        {"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance",
         "metadata":{"name":"m","namespace":"team-a","uid":"vmi-uid","resourceVersion":"42","generation":3,"creationTimestamp":"2026-11-27T11:00:00Z",
           "labels":{"kubevirt.io/nodeName":"n1","elasticcompute.io/machine":"m"},"annotations":{"kubevirt.io/latest-observed-api-version":"v1"},
           "finalizers":["kubevirt.io/virtualMachineControllerFinalize"],
           "ownerReferences":[{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachine","name":"m","uid":"vm-uid","controller":true,"blockOwnerDeletion":true}]},
         "spec":{"domain":{"cpu":{"sockets":2,"cores":1,"threads":1,"maxSockets":8},"memory":{"guest":"4Gi","maxGuest":"16Gi"},
           "resources":{"requests":{"memory":"4Gi"}},
           "devices":{"disks":[{"name":"disk","disk":{"bus":"virtio"}},{"name":"cloudinit","disk":{"bus":"virtio"}}],"interfaces":[{"name":"default","masquerade":{}}]}},
           "networks":[{"name":"default","pod":{}}],
           "volumes":[{"name":"disk","dataVolume":{"name":"m-disk"}},{"name":"cloudinit","cloudInitNoCloud":{"userData":"#cloud-config\nssh_authorized_keys:\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test\n"}}]},
         "status":{"phase":"Running","nodeName":"n1",
           "interfaces":[{"name":"secondary","ipAddress":"192.168.1.4","mac":"02:00:00:00:00:02"},{"name":"default","ipAddress":"10.244.1.10","ipAddresses":["10.244.1.10"],"mac":"02:00:00:00:00:01"}],
           "conditions":[{"type":"LiveMigratable","status":"False","reason":"DisksNotLiveMigratable","message":"cannot migrate VMI"},
             {"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-11-27T11:00:10Z"},
             {"type":"AgentConnected","status":"True"}],
           "currentCPUTopology":{"sockets":2,"cores":1,"threads":1},
           "memory":{"guestAtBoot":"4Gi","guestCurrent":"4Gi","guestRequested":"4Gi"},
           "guestOSInfo":{"name":"Ubuntu"},"migrationMethod":"BlockMigration","qosClass":"Burstable"}}
        """;

    private const string ImportingDv = """
        {"apiVersion":"cdi.kubevirt.io/v1beta1","kind":"DataVolume",
         "metadata":{"name":"m-disk","namespace":"team-a","uid":"dv-uid","resourceVersion":"40",
           "ownerReferences":[{"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticMachine","name":"m","uid":"uid-m","controller":true,"blockOwnerDeletion":true}]},
         "spec":{"source":{"http":{"url":"https://cloud-images.example/noble.qcow2"}},"storage":{"resources":{"requests":{"storage":"80Gi"}},"storageClassName":"standard"}},
         "status":{"phase":"ImportInProgress","progress":"45.00%","claimName":"m-disk","conditions":[{"type":"Running","status":"True","message":"Import in progress"}]}}
        """;

    [Fact]
    public void A_projected_vm_keeps_the_digest_of_its_whole_spec_and_its_size_limits()
    {
        var machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi", SshKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test"] });
        var built = new VirtualMachineBuilder().Build(machine, TestMachines.Policy(), new MachineSize(2, 4m * Quantity.Gi), "m-disk");
        var read = KubernetesJson.Deserialize<VirtualMachine>(KubernetesJson.Serialize(built));

        var cached = projections.VirtualMachine(read);

        Assert.Equal(SpecHash.Of(built.Spec), cached.SpecDigest);
        Assert.Equal(HotplugLimits.Of(built), HotplugLimits.Of(cached));
        Assert.Equal((2, "4Gi"), (cached.Spec.Template.Spec.Domain.Cpu!.VirtualCpus, cached.Spec.Template.Spec.Domain.Memory!.Guest!.Value.Value));
        Assert.Null(cached.Spec.Template.Spec.Volumes);
        Assert.Null(cached.Spec.Template.Metadata);

        // Any change to the spec (here one the operator owns: the node selector) changes the digest.
        read.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["by"] = "hand" };
        Assert.NotEqual(cached.SpecDigest, projections.VirtualMachine(read).SpecDigest);
    }

    [Fact]
    public void Status_and_capacity_read_the_same_from_a_projected_vmi_and_disk()
    {
        var vmi = KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi);
        var dv = KubernetesJson.Deserialize<DataVolume>(ImportingDv);
        var cachedVmi = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi));
        var cachedDv = projections.DataVolume(KubernetesJson.Deserialize<DataVolume>(ImportingDv));

        Assert.Null(cachedVmi.Spec.Volumes);
        Assert.Equal((2m, 4m * Quantity.Gi), cachedVmi.NodeRequests);
        Assert.Null(cachedVmi.Metadata.Labels);
        Assert.Equal(["Ready"], cachedVmi.Status!.Conditions!.Select(c => c.Type));
        Assert.Null(cachedDv.Spec.Source);
        Assert.Equal("80Gi", cachedDv.Spec.Storage!.Resources!.Requests!["storage"].Value);
        Assert.Equal("uid-m", Assert.Single(cachedDv.Metadata.OwnerReferences!).Uid);

        var machine = TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi" });
        var calculator = new MachineStatusCalculator();
        string Status(VirtualMachineInstance i, DataVolume d) => KubernetesJson.Serialize(calculator.Calculate(new MachineObservation
        {
            Machine = machine, DataVolume = d, Instance = i, Size = new MachineSize(2, 4m * Quantity.Gi),
            VirtualMachine = new VirtualMachine { Metadata = new V1ObjectMeta { Name = "m", Generation = 1 }, Status = new VirtualMachineStatus { ObservedGeneration = 1 } },
        }, Now));
        Assert.Equal(Status(vmi, dv), Status(cachedVmi, cachedDv));
        Assert.Contains("10.244.1.10", Status(cachedVmi, cachedDv), StringComparison.Ordinal);

        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "n1" } },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("16"), ["memory"] = new("32Gi") },
                Conditions = [new V1NodeCondition { Type = "MemoryPressure", Status = "False" }, new V1NodeCondition { Type = "Ready", Status = "True" }],
                Images = [new V1ContainerImage { Names = ["quay.io/kubevirt/virt-launcher:v1.4.0"], SizeBytes = 400_000_000 }],
            },
        };
        var planner = new CapacityPlanner();
        var pool = TestMachines.Policy().DefaultPool;
        var raw = planner.CheckFit(pool, [node], [vmi], new MachineSize(4, 8m * Quantity.Gi), new MachineKey("team-a", "m"));
        var cached = planner.CheckFit(pool, [projections.Node(node)], [cachedVmi], new MachineSize(4, 8m * Quantity.Gi), new MachineKey("team-a", "m"));
        Assert.Equal(raw, cached);
        Assert.Null(projections.Node(node).Status.Images);
    }

    [Fact]
    public void Repeated_strings_are_shared()
    {
        var a = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi));
        var b = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi));
        Assert.Same(a.Metadata.NamespaceProperty, b.Metadata.NamespaceProperty);
        Assert.Same(a.Status!.NodeName, b.Status!.NodeName);
        Assert.Same(a.Status.Phase, b.Status.Phase);
        Assert.Same(a.Metadata.OwnerReferences![0].Kind, b.Metadata.OwnerReferences![0].Kind);
        Assert.NotSame(a.Metadata.Uid, b.Metadata.Uid);
    }

    [Fact]
    public void Objects_of_one_size_share_their_specs_and_equal_conditions()
    {
        var a = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi));
        var b = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi.Replace("10.244.1.10", "10.244.1.11", StringComparison.Ordinal)));
        Assert.Same(a.Spec, b.Spec);
        Assert.Same(a.Status!.Conditions, b.Status!.Conditions);
        Assert.Same(a.Status.CurrentCpuTopology, b.Status.CurrentCpuTopology);
        Assert.NotSame(a.Status.Interfaces, b.Status.Interfaces);
        Assert.Equal("10.244.1.11", b.Status.Interfaces![0].IpAddress);

        // A different size or a different condition is not shared.
        var bigger = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi.Replace("\"sockets\":2,\"cores\":1,\"threads\":1,\"maxSockets\":8", "\"sockets\":4,\"cores\":1,\"threads\":1,\"maxSockets\":8", StringComparison.Ordinal)));
        Assert.NotSame(a.Spec, bigger.Spec);
        Assert.Equal(4, bigger.Spec.Domain.Cpu!.Sockets);
        var notReady = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi.Replace("{\"type\":\"Ready\",\"status\":\"True\"", "{\"type\":\"Ready\",\"status\":\"False\"", StringComparison.Ordinal)));
        Assert.Equal("False", Assert.Single(notReady.Status!.Conditions!).Status);
        Assert.Equal("True", Assert.Single(a.Status.Conditions!).Status);

        var disk = projections.DataVolume(KubernetesJson.Deserialize<DataVolume>(ImportingDv));
        var sameSize = projections.DataVolume(KubernetesJson.Deserialize<DataVolume>(ImportingDv.Replace("dv-uid", "other-uid", StringComparison.Ordinal)));
        var otherSize = projections.DataVolume(KubernetesJson.Deserialize<DataVolume>(ImportingDv.Replace("80Gi", "120Gi", StringComparison.Ordinal)));
        Assert.Same(disk.Spec, sameSize.Spec);
        Assert.Equal("120Gi", otherSize.Spec.Storage!.Resources!.Requests!["storage"].Value);

        var machine = KubernetesJson.Deserialize<VirtualMachine>(KubernetesJson.Serialize(
            new VirtualMachineBuilder().Build(TestMachines.Machine("m", new() { Cpu = 2, Memory = "4Gi" }), TestMachines.Policy(), new MachineSize(2, 4m * Quantity.Gi), "m-disk")));
        var twin = KubernetesJson.Deserialize<VirtualMachine>(KubernetesJson.Serialize(
            new VirtualMachineBuilder().Build(TestMachines.Machine("n", new() { Cpu = 2, Memory = "4Gi" }), TestMachines.Policy(), new MachineSize(2, 4m * Quantity.Gi), "n-disk")));
        var (vm, twinVm) = (projections.VirtualMachine(machine), projections.VirtualMachine(twin));
        Assert.Same(vm.Spec, twinVm.Spec);
        Assert.NotEqual(vm.SpecDigest, twinVm.SpecDigest); // the digest is of the whole spec, which names the disk
    }

    [Fact]
    public void Machines_share_equal_labels_finalizers_ssh_keys_and_condition_messages()
    {
        ElasticMachine Machine(string name, string team) => projections.Machine(KubernetesJson.Deserialize<ElasticMachine>($$$"""
            {"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticMachine",
             "metadata":{"name":"{{{name}}}","namespace":"team-a","uid":"uid-{{{name}}}","labels":{"team":"{{{team}}}"},"finalizers":["elasticcompute.io/cleanup"]},
             "spec":{"cpu":2,"memory":"4Gi","sshKeys":["ssh-ed25519 AAAA alice@laptop"],"storage":{"size":"80Gi","reclaimPolicy":"Retain"}},
             "status":{"conditions":[{"type":"RestartRequired","status":"False","reason":"NoPendingChanges","message":"every change is applied","lastTransitionTime":"2026-11-27T11:00:00Z"}]}}
            """));

        var (a, b, c) = (Machine("a", "web"), Machine("b", "web"), Machine("c", "db"));

        Assert.Same(a.Metadata.Labels, b.Metadata.Labels);
        Assert.NotSame(a.Metadata.Labels, c.Metadata.Labels);
        Assert.Equal("db", c.Metadata.Labels!["team"]);
        Assert.Same(a.Metadata.Finalizers, c.Metadata.Finalizers);
        Assert.Equal(["elasticcompute.io/cleanup"], c.Metadata.Finalizers!);
        Assert.Same(a.Spec.SshKeys, c.Spec.SshKeys);
        Assert.Same(a.Spec.Storage, c.Spec.Storage);
        Assert.Same(a.Status!.Conditions![0].Message, c.Status!.Conditions![0].Message);
        Assert.Equal("a", a.Metadata.Name);
    }

    [Fact]
    public void Owner_references_are_kept_in_an_exact_size_array_sharing_the_objects_name()
    {
        var cached = projections.Instance(KubernetesJson.Deserialize<VirtualMachineInstance>(RunningVmi));

        var owner = Assert.Single(Assert.IsType<V1OwnerReference[]>(cached.Metadata.OwnerReferences));
        Assert.Same(cached.Metadata.Name, owner.Name);
    }
}
