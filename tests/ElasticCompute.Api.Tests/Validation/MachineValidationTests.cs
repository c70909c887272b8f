using ElasticCompute.Api.Machines;
using ElasticCompute.Api.Policy;
using ElasticCompute.Api.Tests.Support;
using ElasticCompute.Api.Validation;

namespace ElasticCompute.Api.Tests.Validation;

public sealed class MachineValidationTests
{
    private static readonly IElasticMachineValidator Validator = ElasticComputeApi.CreateValidator();
    private static readonly IReadOnlyDictionary<string, ValidationCase> InvalidCreates = ValidationCase.Load("invalid-creates.yaml");
    private static readonly IReadOnlyDictionary<string, ValidationCase> InvalidUpdates = ValidationCase.Load("invalid-updates.yaml");
    private static readonly IReadOnlyDictionary<string, ValidationCase> ValidCreates = ValidationCase.Load("valid-creates.yaml");
    private static readonly IReadOnlyDictionary<string, ValidationCase> ValidUpdates = ValidationCase.Load("valid-updates.yaml");

    public static TheoryData<string> InvalidCreateNames => ValidationCase.Names("invalid-creates.yaml");

    public static TheoryData<string> InvalidUpdateNames => ValidationCase.Names("invalid-updates.yaml");

    public static TheoryData<string> ValidCreateNames => ValidationCase.Names("valid-creates.yaml");

    public static TheoryData<string> ValidUpdateNames => ValidationCase.Names("valid-updates.yaml");

    [Theory]
    [MemberData(nameof(InvalidCreateNames))]
    public void Create_is_refused_with_the_exact_message(string name)
    {
        var row = InvalidCreates[name];

        var result = Validator.ValidateCreate(row.Machine, EffectivePolicy.Default);

        Assert.Equal([row.Error!], result.ToMessages());
    }

    [Theory]
    [MemberData(nameof(InvalidUpdateNames))]
    public void Update_is_refused_with_the_exact_message(string name)
    {
        var row = InvalidUpdates[name];

        var result = Validator.ValidateUpdate(row.CurrentMachine!, row.Machine, EffectivePolicy.Default);

        Assert.Equal([row.Error!], result.ToMessages());
    }

    [Theory]
    [MemberData(nameof(ValidCreateNames))]
    public void Valid_create_passes(string name)
    {
        var result = Validator.ValidateCreate(ValidCreates[name].Machine, EffectivePolicy.Default);

        Assert.Empty(result.ToMessages());
    }

    [Theory]
    [MemberData(nameof(ValidUpdateNames))]
    public void Valid_update_passes(string name)
    {
        var row = ValidUpdates[name];

        var result = Validator.ValidateUpdate(row.CurrentMachine!, row.Machine, EffectivePolicy.Default);

        Assert.Empty(result.ToMessages());
    }

    [Fact]
    public void The_tables_hold_at_least_sixty_invalid_inputs() =>
        Assert.True(InvalidCreates.Count + InvalidUpdates.Count >= 60, $"only {InvalidCreates.Count + InvalidUpdates.Count} invalid inputs");

    [Fact]
    public void Every_failure_names_its_field_and_rule()
    {
        foreach (var row in InvalidCreates.Values)
        {
            var failure = Assert.Single(Validator.ValidateCreate(row.Machine, EffectivePolicy.Default).Errors);
            Assert.False(string.IsNullOrEmpty(failure.ErrorCode), row.Name);
            Assert.StartsWith(failure.PropertyName + ": ", row.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Thirty_three_ssh_keys_are_too_many_and_thirty_two_are_not()
    {
        var keys = Enumerable.Range(0, 33).Select(i => $"{TestKeys.Ed25519} copy-{i}").ToList();
        var machine = TestMachines.FromSpec("{cpu: 2, memory: 4Gi}");

        machine.Spec.SshKeys = keys;
        Assert.Equal(["spec.sshKeys: 33 keys is more than the 32 allowed"], Validator.ValidateCreate(machine, EffectivePolicy.Default).ToMessages());

        machine.Spec.SshKeys = [.. keys.Take(32)];
        var messages = Validator.ValidateCreate(machine, EffectivePolicy.Default).ToMessages();
        Assert.Equal(31, messages.Count);
        Assert.All(messages, m => Assert.EndsWith("duplicates spec.sshKeys[0]", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Several_problems_are_reported_together()
    {
        var machine = TestMachines.FromSpec("{cpu: 48, memory: 4GB, storage: {size: 4Ti, storageClassName: Fast}, sshKeys: ['nope']}", name: "Bad_Name");

        var messages = Validator.ValidateCreate(machine, EffectivePolicy.Default).ToMessages();

        Assert.Equal(
            [
                "metadata.name: \"Bad_Name\" is not a valid name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
                "spec.cpu: 48 is above the largest allowed size 32",
                "spec.memory: \"4GB\" is not a valid quantity (for example 512Mi, 4Gi or 1.5Gi)",
                "spec.storage.size: 4Ti is above the largest allowed disk 2560Gi",
                "spec.storage.storageClassName: \"Fast\" is not a valid name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
                "spec.sshKeys[0]: is not an SSH public key (expected \"<type> <base64 data> [comment]\")",
            ],
            messages);
    }

    [Fact]
    public void A_policy_changes_the_catalog_the_messages_quote()
    {
        var policy = EffectivePolicy.From(new ElasticComputePolicySpec
        {
            Sizing = new SizingCatalog
            {
                CpuSizes = [2, 4, 6],
                Memory = new MemoryRange { Min = "2Gi", Max = "24Gi", Step = "2Gi" },
                MemoryPerCpu = new QuantityRange { Min = "1Gi", Max = "4Gi" },
                InstanceTypes = ["u1.small", "u1.large"],
            },
            Pools = [new ResourcePool { Name = "general" }, new ResourcePool { Name = "fast", Default = true }],
        });

        Assert.Equal(["spec.cpu: 1 is below the smallest allowed size 2"], Validate("{cpu: 1, memory: 2Gi}"));
        Assert.Equal(["spec.cpu: 8 is above the largest allowed size 6"], Validate("{cpu: 8, memory: 16Gi}"));
        Assert.Equal(["spec.cpu: 5 is not an allowed size; choose one of 2, 4, 6"], Validate("{cpu: 5, memory: 10Gi}"));
        Assert.Equal(["spec.memory: 3Gi is not a multiple of 2Gi"], Validate("{cpu: 2, memory: 3Gi}"));
        Assert.Equal(["spec.memory: 18Gi for 4 vCPU is 4.5Gi per vCPU, above the largest allowed ratio 4Gi per vCPU"], Validate("{cpu: 4, memory: 18Gi}"));
        Assert.Equal(["spec.memory: 26Gi is above the largest allowed size 24Gi"], Validate("{cpu: 6, memory: 26Gi}"));
        Assert.Equal(["spec.instanceType: \"u1.medium\" is not an available instance type; choose one of u1.small, u1.large"], Validate("{instanceType: u1.medium}"));
        Assert.Equal(["spec.pool: \"default\" is not a pool of the platform policy; choose one of general, fast"], Validate("{cpu: 2, memory: 4Gi, pool: default}"));
        Assert.Empty(Validate("{cpu: 6, memory: 24Gi, pool: general}"));

        IReadOnlyList<string> Validate(string spec) => Validator.ValidateCreate(TestMachines.FromSpec(spec), policy).ToMessages();
    }

    [Fact]
    public void Null_spec_and_metadata_are_reported_not_thrown()
    {
        var machine = new ElasticMachine { Metadata = null!, Spec = null! };

        var messages = Validator.ValidateCreate(machine, EffectivePolicy.Default).ToMessages();

        Assert.Equal(["metadata.name: is required", "spec: set either cpu and memory, or instanceType"], messages);
    }

    [Fact]
    public void The_validator_is_safe_to_share_between_threads()
    {
        var rows = InvalidCreates.Values.ToArray();
        Parallel.For(0, 2000, i =>
        {
            var row = rows[i % rows.Length];
            Assert.Equal([row.Error!], Validator.ValidateCreate(row.Machine, EffectivePolicy.Default).ToMessages());
        });
    }
}
