using ElasticCompute.DevCluster.Server.Schema;

namespace ElasticCompute.DevCluster.Tests.Schema;

/// <summary>Our own CRD through the engine: defaults, pruning, OpenAPI refusals and the CEL transition rules.</summary>
public sealed class ElasticMachineCrdTests
{
    private static StructuralSchema Schema => CrdSchemas.ElasticMachines;

    private static string Machine(string spec) => "{apiVersion: elasticcompute.io/v1alpha1, kind: ElasticMachine, metadata: {name: m, namespace: d}, spec: " + spec + "}";

    [Fact]
    public void Defaults_run_strategy_and_reclaim_policy()
    {
        var obj = SchemaAssert.Json(Machine("{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}"));

        var result = Schema.Admit(obj, null);

        Assert.Empty(result.Errors);
        Assert.Empty(result.UnknownFields);
        Assert.Equal("Always", (string?)obj["spec"]!["runStrategy"]);
        Assert.Equal("Retain", (string?)obj["spec"]!["storage"]!["reclaimPolicy"]);
    }

    [Fact]
    public void No_storage_no_reclaim_policy()
    {
        var obj = SchemaAssert.Json(Machine("{instanceType: u1.medium}"));

        Assert.Empty(Schema.Admit(obj, null).Errors);
        Assert.Null(obj["spec"]!["storage"]);
    }

    [Fact]
    public void Reports_a_misspelled_field()
    {
        var obj = SchemaAssert.Json(Machine("{cpu: 2, memory: 4Gi, storage: {sise: 80Gi}}"));

        var result = Schema.Admit(obj, null);

        Assert.Equal(["spec.storage.sise"], result.UnknownFields);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("{cpu: 0, memory: 4Gi}", "spec.cpu: Invalid value: 0: spec.cpu in body should be greater than or equal to 1")]
    [InlineData("{cpu: 2, memory: 4Gi, pool: Bad_Name}", "spec.pool: Invalid value: \"Bad_Name\": spec.pool in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'")]
    [InlineData("{instanceType: U1.Medium}", "spec.instanceType: Invalid value: \"U1.Medium\": spec.instanceType in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'")]
    [InlineData("{cpu: 2, memory: 4GB}", "spec.memory: Invalid value: \"4GB\": spec.memory in body should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'")]
    [InlineData("{cpu: 2}", "spec: Invalid value: \"object\": spec: set either cpu and memory, or instanceType")]
    [InlineData("{instanceType: u1.small, cpu: 2}", "spec: Invalid value: \"object\": spec.instanceType: cannot be combined with spec.cpu or spec.memory; choose one form")]
    public void Refuses_invalid_creates(string spec, string message) =>
        Assert.Equal([message], SchemaAssert.Errors(Schema, Machine(spec)));

    [Fact]
    public void Refuses_a_run_strategy_outside_the_enum_and_skips_cel()
    {
        var errors = SchemaAssert.Errors(Schema, Machine("{cpu: 2, memory: 4Gi, runStrategy: Sometimes}"));

        Assert.Equal(
            [
                "spec.runStrategy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Halted\", \"RerunOnFailure\", \"Manual\"",
                "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
            ],
            errors);
    }

    [Theory]
    [InlineData("{cpu: 2, memory: 4Gi, storage: {size: 40Gi}}", "{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}", "spec.storage.size: Invalid value: \"object\": spec.storage.size: cannot be removed or made smaller once set; disks only grow")]
    [InlineData("{cpu: 2, memory: 4Gi, storage: {size: 81920Mi}}", "{cpu: 2, memory: 4Gi, storage: {size: 81Gi}}", "spec.storage.size: Invalid value: \"object\": spec.storage.size: cannot be removed or made smaller once set; disks only grow")]
    [InlineData("{cpu: 2, memory: 4Gi}", "{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}", "spec.storage.size: Invalid value: \"object\": spec.storage.size: cannot be removed or made smaller once set; disks only grow")]
    [InlineData("{instanceType: u1.medium}", "{cpu: 2, memory: 4Gi}", "spec: Invalid value: \"object\": spec: cannot switch between instanceType and cpu/memory after creation")]
    [InlineData("{cpu: 2, memory: 4Gi}", "{instanceType: u1.medium}", "spec: Invalid value: \"object\": spec: cannot switch between instanceType and cpu/memory after creation")]
    [InlineData("{cpu: 2, memory: 4Gi, pool: b}", "{cpu: 2, memory: 4Gi, pool: a}", "spec.pool: Invalid value: \"object\": spec.pool: is immutable after creation")]
    [InlineData("{cpu: 2, memory: 4Gi, image: {registry: docker://b}}", "{cpu: 2, memory: 4Gi, image: {registry: docker://a}}", "spec.image: Invalid value: \"object\": spec.image: is immutable after creation")]
    public void Refuses_invalid_updates(string spec, string oldSpec, string message) =>
        Assert.Equal([message], SchemaAssert.Errors(Schema, Machine(spec), Machine(oldSpec)));

    [Theory]
    [InlineData("{cpu: 2, memory: 4Gi, storage: {size: 120Gi}}", "{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}")]
    [InlineData("{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}", "{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}")]
    [InlineData("{cpu: 4, memory: 8Gi, storage: {size: 80Gi}}", "{cpu: 2, memory: 4Gi}")]
    [InlineData("{cpu: 2, memory: 4Gi, storage: {size: 85899345920}}", "{cpu: 2, memory: 4Gi, storage: {size: 80Gi}}")]
    [InlineData("{instanceType: u1.large}", "{instanceType: u1.medium}")]
    public void Accepts_valid_updates(string spec, string oldSpec) =>
        Assert.Empty(SchemaAssert.Errors(Schema, Machine(spec), Machine(oldSpec)));

    [Fact]
    public void Validates_status_conditions()
    {
        var errors = SchemaAssert.Errors(Schema, "{apiVersion: elasticcompute.io/v1alpha1, kind: ElasticMachine, metadata: {name: m}, spec: {instanceType: u1.small}, status: {conditions: [{type: Ready, status: Maybe, reason: Ok, message: '', lastTransitionTime: '2024-05-06T07:08:09Z'}, {type: Ready, status: 'True', reason: Ok, message: '', lastTransitionTime: soon}]}}");

        Assert.Contains("status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\"", errors);
        Assert.Contains("status.conditions[1].lastTransitionTime: Invalid value: \"soon\": status.conditions[1].lastTransitionTime in body must be of type date-time: \"soon\"", errors);
        Assert.Contains("status.conditions[1]: Duplicate value: {\"type\":\"Ready\"}", errors);
    }
}
