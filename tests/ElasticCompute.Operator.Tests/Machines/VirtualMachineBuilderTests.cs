using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.Api;
using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Operator.KubeVirt;
using ElasticCompute.Operator.Machines;
using k8s;

namespace ElasticCompute.Operator.Tests.Machines;

public sealed class VirtualMachineBuilderTests
{
    private readonly VirtualMachineBuilder builder = new();

    public static TheoryData<string> Cases => new(MachineCases.Keys);

    private static readonly Dictionary<string, ElasticMachineSpec> MachineCases = new()
    {
        ["cpu-memory"] = new() { Cpu = 2, Memory = "4Gi", SshKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMq user@laptop"] },
        ["instancetype"] = new() { InstanceType = "u1.medium", RunStrategy = RunStrategy.Halted },
        ["pool-selector"] = new() { Cpu = 4, Memory = "8Gi", Pool = "fast", Image = new() { Registry = "docker://quay.io/containerdisks/fedora:41" } },
        ["user-data-secret"] = new() { Cpu = 1, Memory = "512Mi", SshKeys = ["ssh-ed25519 AAAA one", "ssh-ed25519 BBBB two: laptop"], UserDataSecretRef = new() { Name = "init" } },
        ["user-data-secret-no-keys"] = new() { Cpu = 32, Memory = "128Gi", UserDataSecretRef = new() { Name = "init" }, Storage = new() { ReclaimPolicy = ReclaimPolicy.Delete } },
        ["manual-http-retain"] = new() { Cpu = 8, Memory = "16Gi", RunStrategy = RunStrategy.Manual, Image = new() { Http = "https://example.com/disk.qcow2" }, Storage = new() { ReclaimPolicy = ReclaimPolicy.Retain } },
    };

    [Fact]
    public void Cpu_and_memory_machine_gets_the_exact_vm()
    {
        var machine = TestMachines.Machine("alpha", MachineCases["cpu-memory"]);
        var vm = builder.Build(machine, TestMachines.Policy(), new MachineSize(2, 4m * Quantity.Gi), "alpha-disk");

        Assert.Equal("kubevirt.io/v1", vm.ApiVersion);
        Assert.Equal("VirtualMachine", vm.Kind);
        Assert.Equal("alpha", vm.Metadata.Name);
        Assert.Equal("team-a", vm.Metadata.NamespaceProperty);
        Assert.Equal("alpha", vm.Metadata.Labels[MachineLabels.Machine]);
        Assert.Equal("elasticcompute-operator", vm.Metadata.Labels["app.kubernetes.io/managed-by"]);
        var owner = Assert.Single(vm.Metadata.OwnerReferences);
        Assert.Equal(("elasticcompute.io/v1alpha1", "ElasticMachine", "alpha", "uid-alpha", true, true),
            (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal("Always", vm.Spec.RunStrategy);
        var spec = vm.Spec.Template.Spec;
        Assert.Equal("alpha", spec.Domain.Cpu is null ? null : vm.Spec.Template.Metadata!.Labels[MachineLabels.Machine]);
        Assert.Equal((2, 1, 1, 8), (spec.Domain.Cpu!.Sockets, spec.Domain.Cpu.Cores, spec.Domain.Cpu.Threads, spec.Domain.Cpu.MaxSockets));
        Assert.Equal("4Gi", spec.Domain.Memory!.Guest!.Value.Value);
        Assert.Equal("16Gi", spec.Domain.Memory.MaxGuest!.Value.Value);
        Assert.Equal(["rootdisk", "cloudinitdisk"], spec.Domain.Devices.Disks!.Select(d => d.Name));
        Assert.All(spec.Domain.Devices.Disks!, d => Assert.Equal("virtio", d.Target!.Bus));
        Assert.NotNull(Assert.Single(spec.Domain.Devices.Interfaces!).Masquerade);
        Assert.NotNull(Assert.Single(spec.Networks!).Pod);
        Assert.Equal("alpha-disk", spec.Volumes![0].DataVolume!.Name);
        Assert.Equal("#cloud-config\nssh_authorized_keys:\n  - \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMq user@laptop\"\n", spec.Volumes[1].CloudInitNoCloud!.UserData);
        Assert.Null(spec.NodeSelector);
        Assert.Null(spec.AccessCredentials);
        Assert.Equal("LiveMigrateIfPossible", spec.EvictionStrategy);
    }

    [Fact]
    public void Serialized_vm_has_no_nulls_and_empty_objects_for_masquerade_and_pod()
    {
        var vm = builder.Build(TestMachines.Machine("alpha", MachineCases["cpu-memory"]), TestMachines.Policy(), new MachineSize(2, 4m * Quantity.Gi), "alpha-disk");
        var json = KubernetesJson.Serialize(vm);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        var node = JsonNode.Parse(json)!;
        Assert.Equal("{}", node["spec"]!["template"]!["spec"]!["domain"]!["devices"]!["interfaces"]![0]!["masquerade"]!.ToJsonString());
        Assert.Equal("{}", node["spec"]!["template"]!["spec"]!["networks"]![0]!["pod"]!.ToJsonString());
        Assert.Null(node["status"]);
    }

    [Fact]
    public void Instance_type_machine_gets_explicit_size_and_a_label()
    {
        var policy = TestMachines.Policy();
        var spec = MachineCases["instancetype"];
        var vm = builder.Build(TestMachines.Machine("it", spec), policy, MachineSize.Of(spec, policy.InstanceTypes)!, "it-disk");
        Assert.Equal("u1.medium", vm.Metadata.Labels[MachineLabels.InstanceType]);
        Assert.Equal("Halted", vm.Spec.RunStrategy);
        Assert.Equal((1, 4), (vm.Spec.Template.Spec.Domain.Cpu!.Sockets, vm.Spec.Template.Spec.Domain.Cpu!.MaxSockets));
        Assert.Equal("4Gi", vm.Spec.Template.Spec.Domain.Memory!.Guest!.Value.Value);
    }

    [Fact]
    public void Pool_node_selector_is_copied_and_hotplug_is_capped_by_the_policy()
    {
        var vm = builder.Build(TestMachines.Machine("fast1", MachineCases["pool-selector"]), TestMachines.Policy(), new MachineSize(16, 128m * Quantity.Gi), "fast1-disk");
        var spec = vm.Spec.Template.Spec;
        Assert.Equal(new Dictionary<string, string> { ["elasticcompute.io/pool"] = "fast" }, spec.NodeSelector);
        Assert.Equal("fast", vm.Metadata.Labels[MachineLabels.Pool]);
        Assert.Equal(32, spec.Domain.Cpu!.MaxSockets); // min(16*4, 32)
        Assert.Equal("256Gi", spec.Domain.Memory!.MaxGuest!.Value.Value); // min(128Gi*4, 256Gi)
    }

    [Fact]
    public void User_data_secret_is_referenced_and_keys_go_through_access_credentials()
    {
        var machine = TestMachines.Machine("beta", MachineCases["user-data-secret"]);
        var vm = builder.Build(machine, TestMachines.Policy(), new MachineSize(1, 512m * Quantity.Mi), "beta-disk");
        var spec = vm.Spec.Template.Spec;
        var cloudInit = spec.Volumes![1].CloudInitNoCloud!;
        Assert.Null(cloudInit.UserData);
        Assert.Equal("init", cloudInit.SecretRef!.Name);
        var credential = Assert.Single(spec.AccessCredentials!).SshPublicKey!;
        Assert.Equal("beta-ssh-keys", credential.Source.Secret!.SecretName);
        Assert.NotNull(credential.PropagationMethod.NoCloud);
        Assert.Null(spec.Domain.Memory!.MaxGuest); // below 1Gi: no memory hotplug

        var secret = builder.BuildSshKeySecret(machine)!;
        Assert.Equal("beta-ssh-keys", secret.Metadata.Name);
        Assert.Equal("ssh-ed25519 AAAA one\nssh-ed25519 BBBB two: laptop\n", Encoding.UTF8.GetString(secret.Data["authorized_keys"]));
        Assert.True(Assert.Single(secret.Metadata.OwnerReferences).Controller);
        Assert.Null(builder.BuildSshKeySecret(TestMachines.Machine("alpha", MachineCases["cpu-memory"])));
        Assert.Null(builder.BuildSshKeySecret(TestMachines.Machine("gamma", MachineCases["user-data-secret-no-keys"])));
    }

    [Fact]
    public void Key_comments_with_yaml_syntax_stay_one_quoted_string()
    {
        Assert.Equal("#cloud-config\nssh_authorized_keys:\n  - \"ssh-rsa AAA a: b # \\\"c\\\"\"\n", CloudInit.UserData(["ssh-rsa AAA a: b # \"c\""]));
        Assert.Equal("#cloud-config\n", CloudInit.UserData(null));
    }

    [Fact]
    public void Current_hotplug_limits_are_kept_while_they_hold_the_new_size()
    {
        var policy = TestMachines.Policy();
        var machine = TestMachines.Machine("alpha", MachineCases["cpu-memory"]);
        var limits = new HotplugLimits(8, 16m * Quantity.Gi);
        var grown = builder.Build(machine, policy, new MachineSize(4, 8m * Quantity.Gi), "alpha-disk", limits);
        Assert.Equal((4, 8), (grown.Spec.Template.Spec.Domain.Cpu!.Sockets, grown.Spec.Template.Spec.Domain.Cpu!.MaxSockets));
        Assert.Equal("16Gi", grown.Spec.Template.Spec.Domain.Memory!.MaxGuest!.Value.Value);

        var beyond = builder.Build(machine, policy, new MachineSize(16, 32m * Quantity.Gi), "alpha-disk", limits);
        Assert.Equal(32, beyond.Spec.Template.Spec.Domain.Cpu!.MaxSockets);
        Assert.Equal(limits, HotplugLimits.Of(grown));
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Every_built_vm_passes_the_real_kubevirt_schema(string name)
    {
        var schema = KubeVirtSchemas.Load("virtualmachine.yaml");
        var policy = TestMachines.Policy();
        var spec = MachineCases[name];
        var size = MachineSize.Of(spec, policy.InstanceTypes)!;
        var machine = TestMachines.Machine(name, spec);
        var vm = builder.Build(machine, policy, size, DataVolumeNames.For(name));
        Assert.Empty(KubeVirtSchemas.Problems(schema, vm));
    }

    [SkippableFact]
    public void Schema_check_can_fail()
    {
        var schema = KubeVirtSchemas.Load("virtualmachine.yaml");
        var vm = builder.Build(TestMachines.Machine("alpha", MachineCases["cpu-memory"]), TestMachines.Policy(), new MachineSize(2, 4m * Quantity.Gi), "alpha-disk");
        var json = JsonNode.Parse(KubernetesJson.Serialize(vm))!.AsObject();
        json["spec"]!["template"]!["spec"]!["domain"]!["cpu"]!["hotplug"] = true;
        json["spec"]!["template"]!["spec"]!["domain"]!["cpu"]!["sockets"] = "two";
        var admission = schema.Admit(json, null);
        Assert.Contains("spec.template.spec.domain.cpu.hotplug", admission.UnknownFields);
        Assert.NotEmpty(admission.Errors);
    }

    [Fact]
    public void Recommender_is_the_api_librarys()
    {
        // The builders take the API library's recommender; a smoke check that the composition works.
        Assert.NotNull(ElasticComputeApi.CreateRecommender());
    }
}
