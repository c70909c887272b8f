using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Quantities;
using ElasticCompute.Api.Tests;
using ElasticCompute.Portal.Cluster;
using ElasticCompute.Portal.Machines;
using k8s.Models;

namespace ElasticCompute.Portal.Tests.Machines;

/// <summary>The create form turned into a machine with the shared rules, and what the page shows about it.</summary>
public sealed class CreatePlannerTests
{
    private const string Tenant = "team-a";

    private readonly CreatePlanner planner = new();

    [Fact]
    public void The_default_policy_offers_the_u1_shapes_smallest_first()
    {
        var presets = planner.Presets(EffectivePolicy.Default);

        Assert.Equal(
            ["u1.nano", "u1.micro", "u1.small", "u1.medium", "u1.2xmedium", "u1.large", "u1.xlarge", "u1.2xlarge", "u1.4xlarge", "u1.8xlarge"],
            presets.Select(p => p.Name));
        var medium = Assert.Single(presets, p => p.Name == "u1.2xmedium");
        Assert.Equal(2, medium.Cpu);
        Assert.Equal(4m * Quantity.Gi, medium.MemoryBytes);
        Assert.Equal("2 vCPU · 4 GiB", medium.Label);
    }

    [Fact]
    public void Shapes_the_policys_sizes_refuse_are_not_offered()
    {
        var policy = EffectivePolicy.From(new ElasticComputePolicySpec { Sizing = new SizingCatalog { CpuSizes = [1, 2] } });

        Assert.Equal(["u1.nano", "u1.micro", "u1.small", "u1.medium", "u1.2xmedium", "u1.large"], planner.Presets(policy).Select(p => p.Name));
    }

    [Fact]
    public void A_good_custom_form_gives_its_machine_and_no_problems()
    {
        var (machine, problems) = planner.Build(Form(), Tenant, EffectivePolicy.Default);

        Assert.Empty(problems);
        Assert.Equal("web-1", machine.Metadata.Name);
        Assert.Equal(Tenant, machine.Metadata.NamespaceProperty);
        Assert.Equal(2, machine.Spec.Cpu);
        Assert.Equal(new Quantity("4Gi"), machine.Spec.Memory);
        Assert.Null(machine.Spec.InstanceType);
        Assert.Equal("ubuntu-24.04", machine.Spec.Image?.DataSource);
        Assert.Null(machine.Spec.Storage);
        Assert.Equal([TestKeys.Ed25519], machine.Spec.SshKeys);
    }

    [Fact]
    public void A_chosen_disk_and_saved_keys_go_into_the_spec()
    {
        var form = Form(disk: "100");
        form.SavedKeys = [TestKeys.Rsa2048, " ", TestKeys.Ed25519];

        var (machine, problems) = planner.Build(form, Tenant, EffectivePolicy.Default);

        Assert.Empty(problems);
        Assert.Equal(new Quantity("100Gi"), machine.Spec.Storage?.Size);
        Assert.Equal([TestKeys.Ed25519, TestKeys.Rsa2048], machine.Spec.SshKeys);
    }

    [Fact]
    public void A_preset_gives_its_shape_as_cpu_and_memory()
    {
        var form = Form();
        (form.Plan, form.Cpu, form.MemoryGi) = ("u1.xlarge", null, null);

        var (machine, problems) = planner.Build(form, Tenant, EffectivePolicy.Default);

        Assert.Empty(problems);
        Assert.Equal(4, machine.Spec.Cpu);
        Assert.Equal(new Quantity("16Gi"), machine.Spec.Memory);
    }

    [Theory]
    [InlineData("Web_1", "2", "4", null, "$Ed25519", "Name", "not a valid name")]
    [InlineData("web-1", "3", "4", null, "$Ed25519", "Cpu", "3 is not an allowed size")]
    [InlineData("web-1", "two", "4", null, "$Ed25519", "Cpu", "not a whole number")]
    [InlineData("web-1", "2", "abc", null, "$Ed25519", "MemoryGi", "not a number of GiB")]
    [InlineData("web-1", "2", "0.7", null, "$Ed25519", "MemoryGi", "not a multiple of 512Mi")]
    [InlineData("web-1", "2", "4", "5", "$Ed25519", "DiskGi", "below the smallest allowed disk")]
    [InlineData("web-1", "2", "4", "lots", "$Ed25519", "DiskGi", "not a number of GiB")]
    [InlineData("web-1", "2", "4", null, "ssh-rsa AAAAnot-base64!", "SshKey", "")]
    public void A_bad_value_comes_back_on_its_own_field(string name, string cpu, string memory, string? disk, string key, string field, string says)
    {
        var form = Form(name, cpu, memory, disk, TestKeys.Expand(key));

        var (_, problems) = planner.Build(form, Tenant, EffectivePolicy.Default);

        var problem = Assert.Single(problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_form_without_a_plan_asks_for_one()
    {
        var form = Form();
        form.Plan = null;

        Assert.Contains(planner.Build(form, Tenant, EffectivePolicy.Default).Problems, p => p.Field == "Plan");
    }

    [Fact]
    public void The_plan_recommends_80Gi_for_2_vcpu_and_4_GiB_of_ubuntu_and_it_fits_without_quota()
    {
        var plan = planner.Plan(Form(), new PolicySnapshot(EffectivePolicy.Default, null, null), [], Tenant);

        Assert.Equal(2, plan.Cpu);
        Assert.Equal(4m * Quantity.Gi, plan.MemoryBytes);
        Assert.Equal("80Gi: 4Gi memory x 20 = 80Gi, a standard size", plan.Recommendation?.Reason);
        Assert.Equal(80m * Quantity.Gi, plan.Recommendation?.SizeBytes);
        Assert.True(plan.Fit?.Fits);
        Assert.Contains("The tenant has no quota.", plan.Fit!.Lines);
    }

    [Fact]
    public void A_form_without_a_size_yet_has_no_recommendation_or_fit()
    {
        var plan = planner.Plan(Form(cpu: "", memory: ""), new PolicySnapshot(EffectivePolicy.Default, null, null), [], Tenant);

        Assert.Null(plan.Recommendation);
        Assert.Null(plan.Fit);
        Assert.NotEmpty(plan.Presets);
    }

    [Fact]
    public void A_machine_that_would_pass_the_tenants_vcpu_quota_does_not_fit_it()
    {
        var policy = EffectivePolicy.From(new ElasticComputePolicySpec
        {
            Quotas = [new NamespaceQuota { Namespace = Tenant, Limits = new NamespaceQuotaLimits { MaxCpu = 2 } }],
        });
        var snapshot = new PolicySnapshot(policy, null, null);

        var empty = planner.Plan(Form(), snapshot, [], Tenant).Fit!;
        Assert.True(empty.FitsQuota);
        Assert.Contains("Quota vCPU: 0 of 2 used; this takes 2.", empty.Lines);

        var full = planner.Plan(Form(), snapshot, [Existing("web-0", cpu: 2, memory: "4Gi")], Tenant).Fit!;
        Assert.False(full.FitsQuota);
        Assert.True(full.FitsRoom);
        Assert.False(full.Fits);
        Assert.Contains("Quota vCPU: 2 of 2 used; this needs 2, 2 more than is left.", full.Lines);
        Assert.StartsWith("It does not fit the tenant's quota", full.Summary, StringComparison.Ordinal);

        // Another tenant's quota is its own.
        Assert.True(planner.Plan(Form(), snapshot, [], "team-b").Fit!.FitsQuota);
    }

    [Fact]
    public void A_machine_larger_than_the_freest_node_does_not_fit_the_room()
    {
        var small = planner.Plan(Form(), Snapshot(slotCpu: 1, slotMemory: "2Gi"), [], Tenant).Fit!;
        Assert.True(small.FitsQuota);
        Assert.False(small.FitsRoom);
        Assert.Contains("Room: no node has 2 vCPU and 4 GiB free now (the freest has 1 vCPU and 2 GiB).", small.Lines);
        Assert.StartsWith("No node has room for it now", small.Summary, StringComparison.Ordinal);

        var roomy = planner.Plan(Form(), Snapshot(slotCpu: 8, slotMemory: "32Gi"), [], Tenant).Fit!;
        Assert.True(roomy.FitsRoom);
        Assert.Contains("Room: the freest node has 8 vCPU and 32 GiB free.", roomy.Lines);
    }

    [Fact]
    public void A_disk_larger_than_the_pools_free_storage_does_not_fit_the_room()
    {
        var fit = planner.Plan(Form(), Snapshot(slotCpu: 8, slotMemory: "32Gi", freeStorage: "50Gi"), [], Tenant).Fit!;

        Assert.False(fit.FitsRoom);
        Assert.Contains("Room: the pool's storage has 50 GiB free, less than the 80 GiB disk.", fit.Lines);
    }

    private static CreateForm Form(string name = "web-1", string cpu = "2", string memory = "4", string? disk = null, string? key = TestKeys.Ed25519) => new()
    {
        Name = name,
        Plan = CreateForm.CustomPlan,
        Cpu = cpu,
        MemoryGi = memory,
        Image = "ubuntu-24.04",
        Disk = disk is null ? CreateForm.RecommendedDisk : CreateForm.ChosenDisk,
        DiskGi = disk,
        SshKey = key,
    };

    private static ElasticMachine Existing(string name, int cpu, string memory) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Tenant },
        Spec = new ElasticMachineSpec { Cpu = cpu, Memory = memory, Storage = new MachineStorage { Size = "80Gi" } },
    };

    private static PolicySnapshot Snapshot(int slotCpu, string slotMemory, string? freeStorage = null) => new(
        EffectivePolicy.Default,
        new ElasticComputePolicyStatus
        {
            Pools =
            [
                new PoolCapacity
                {
                    Name = PolicyDefaults.PoolName,
                    LargestFreeSlot = new FreeSlot { Cpu = slotCpu, Memory = slotMemory, NodeName = "node-1" },
                    Storage = freeStorage is null ? null : new ResourceUsage { Free = freeStorage },
                },
            ],
        },
        null);
}
