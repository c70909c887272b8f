using ElasticCompute.Api.Tests.Support;
using ElasticCompute.Api.Tests.Validation;
using k8s;

namespace ElasticCompute.Api.Tests.Crds;

/// <summary>
/// The CRD's CEL rules are the defence in depth for clusters without the webhook: they must refuse
/// the structural mistakes the validator refuses (sizing form, immutables, shrinking) and never refuse
/// what the validator accepts.
/// </summary>
public sealed class CelRuleTests
{
    private static readonly k8s.Models.V1JSONSchemaProps Schema = CrdFiles.ElasticMachines.Schema();

    /// <summary>Invalid updates the API server can judge without the policy, with the rule message it gives.</summary>
    public static TheoryData<string, string> DefendedUpdates => new()
    {
        { "disk shrinks", "spec.storage.size: cannot be removed or made smaller once set; disks only grow" },
        { "disk shrinks across units", "spec.storage.size: cannot be removed or made smaller once set; disks only grow" },
        { "disk size removed", "spec.storage.size: cannot be removed or made smaller once set; disks only grow" },
        { "image changed", "spec.image: is immutable after creation" },
        { "image set after creation", "spec.image: is immutable after creation" },
        { "image changed to a registry", "spec.image: is immutable after creation" },
        { "storage class changed", "spec.storage.storageClassName: is immutable after creation" },
        { "storage class set after creation", "spec.storage.storageClassName: is immutable after creation" },
        { "switch from instance type to cpu and memory", "spec: cannot switch between instanceType and cpu/memory after creation" },
        { "switch from cpu and memory to instance type", "spec: cannot switch between instanceType and cpu/memory after creation" },
        { "pool set after creation", "spec.pool: is immutable after creation" },
    };

    public static TheoryData<string, string> DefendedCreates => new()
    {
        { "no size at all", "spec: set either cpu and memory, or instanceType" },
        { "cpu without memory", "spec: set either cpu and memory, or instanceType" },
        { "memory without cpu", "spec: set either cpu and memory, or instanceType" },
        { "instanceType with cpu", "spec.instanceType: cannot be combined with spec.cpu or spec.memory; choose one form" },
        { "instanceType with memory", "spec.instanceType: cannot be combined with spec.cpu or spec.memory; choose one form" },
    };

    [Fact]
    public void Every_rule_compiles() => CelRules.Compile(Schema);

    [Theory]
    [MemberData(nameof(DefendedUpdates))]
    public void Rules_refuse_the_updates_the_webhook_refuses(string caseName, string message)
    {
        var row = ValidationCase.Load("invalid-updates.yaml")[caseName];

        Assert.Equal([message], CelRules.Failures(Schema, Json(row.Machine), Json(row.CurrentMachine!)));
    }

    [Theory]
    [MemberData(nameof(DefendedCreates))]
    public void Rules_refuse_the_creates_the_webhook_refuses(string caseName, string message)
    {
        var row = ValidationCase.Load("invalid-creates.yaml")[caseName];

        Assert.Equal([message], CelRules.Failures(Schema, Json(row.Machine), null));
    }

    [Fact]
    public void Rules_never_refuse_what_the_validator_accepts()
    {
        foreach (var row in ValidationCase.Load("valid-updates.yaml").Values)
        {
            Assert.True(CelRules.Failures(Schema, Json(row.Machine), Json(row.CurrentMachine!)) is [], row.Name);
        }

        foreach (var row in ValidationCase.Load("valid-creates.yaml").Values)
        {
            Assert.True(CelRules.Failures(Schema, Json(row.Machine), null) is [], row.Name);
        }
    }

    [Fact]
    public void The_policy_must_be_named_default()
    {
        var schema = CrdFiles.Policies.Schema();
        var policy = YamlToJson.Read("{apiVersion: elasticcompute.io/v1alpha1, kind: ElasticComputePolicy, metadata: {name: main}, spec: {}}");

        Assert.Equal(["metadata.name: the platform policy must be named default"], CelRules.Failures(schema, policy, null));
        policy!["metadata"]!["name"] = "default";
        Assert.Empty(CelRules.Failures(schema, policy, null));
    }

    private static System.Text.Json.Nodes.JsonNode Json(object value) =>
        System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(value))!;
}
