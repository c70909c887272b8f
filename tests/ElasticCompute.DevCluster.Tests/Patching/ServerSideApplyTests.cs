using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Patching;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCompute.DevCluster.Tests.Patching;

public sealed class ServerSideApplyTests
{
    private const string ApiVersion = "elasticcompute.io/v1alpha1";
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly ListTypeResolver Lists = BuiltinListTypes.WithMetadata(path => path switch
    {
        "status.conditions" => ListSchema.Map("type"),
        "spec.sshKeys" => ListSchema.Set,
        _ => null,
    });

    private readonly Patcher _patcher = new();

    private static PatchContext Context(string manager, bool force = false) =>
        new("elasticcompute.io", "Machine", ApiVersion, manager, Lists) { Force = force, Time = new FakeTimeProvider(Now) };

    private JsonObject Apply(JsonObject? live, string yaml, string manager, bool force = false) =>
        _patcher.Patch(PatchType.ApplyPatch, live, Encoding.UTF8.GetBytes(yaml), Context(manager, force));

    // An Update patch as the registry makes it: the patch, then its managed fields recorded on the result.
    private JsonObject PatchAndRecord(PatchType type, JsonObject live, ReadOnlySpan<byte> body, PatchContext context) =>
        _patcher.Update(live, _patcher.Patch(type, live, body, context), context);

    private const string Machine = """
        apiVersion: elasticcompute.io/v1alpha1
        kind: Machine
        metadata:
          name: m1
          labels:
            app: web
        spec:
          cpu: 2
          memory: 4Gi
        """;

    [Fact]
    public void CreateViaApplyOwnsEveryAppliedField()
    {
        var created = Apply(null, Machine, "kubectl");

        Assert.Equal(2, created["spec"]!["cpu"]!.GetValue<long>());
        Json.Equal(
            """[{"manager":"kubectl","operation":"Apply","apiVersion":"elasticcompute.io/v1alpha1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:cpu":{},"f:memory":{}}}}]""",
            created["metadata"]!["managedFields"]);
    }

    [Fact]
    public void SecondManagerConflictsWithTheExactKubeText()
    {
        var live = _patcher.Update(null, Json.Object("""{"apiVersion":"elasticcompute.io/v1alpha1","kind":"Machine","metadata":{"name":"m1"},"spec":{"cpu":1}}"""), Context("kubectl-client-side-apply"));

        var ex = Assert.Throws<PatchException>(() => Apply(live, Machine, "kubectl"));

        Assert.Equal((409, "Conflict"), (ex.StatusCode, ex.Reason));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using elasticcompute.io/v1alpha1: .spec.cpu", ex.Message);
        Assert.Equal([new PatchCause("FieldManagerConflict", "conflict with \"kubectl-client-side-apply\" using elasticcompute.io/v1alpha1", ".spec.cpu")], ex.Causes);
    }

    [Fact]
    public void SeveralConflictsAreGroupedByManager()
    {
        var live = Apply(null, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec: {cpu: 1, memory: 1Gi}", "a");
        var ex = Assert.Throws<PatchException>(() => Apply(live, Machine, "b"));
        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.cpu\n- .spec.memory", ex.Message);
    }

    [Fact]
    public void ForceTakesOwnership()
    {
        var live = Apply(null, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec: {cpu: 1, disk: 10}", "a");

        var forced = Apply(live, Machine, "b", force: true);

        Assert.Equal(2, forced["spec"]!["cpu"]!.GetValue<long>());
        var entries = ManagedFields.Read(forced).ToDictionary(e => e.Manager);
        Assert.Equal([".spec.disk"], entries["a"].Fields.Select(p => p.ToString()));
        Assert.Contains(FieldPath.Of("f:spec", "f:cpu"), entries["b"].Fields);
    }

    [Fact]
    public void SameValueIsSharedNotAConflict()
    {
        var live = Apply(null, Machine, "a");
        var shared = Apply(live, Machine, "b");
        Assert.All(ManagedFields.Read(shared), e => Assert.Contains(FieldPath.Of("f:spec", "f:cpu"), e.Fields));
    }

    [Fact]
    public void OmittedFieldIsRemovedUnlessSomeoneElseOwnsIt()
    {
        var live = Apply(null, Machine, "kubectl");
        live = Apply(live, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1, labels: {app: web}}\nspec: {cpu: 2, note: x}", "other");

        var result = Apply(live, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec: {note: x}", "kubectl");

        Assert.Null(result["spec"]!["memory"]); // only kubectl owned it
        Assert.Equal(2, result["spec"]!["cpu"]!.GetValue<long>()); // "other" still owns it
        Assert.Equal("web", result["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("m1", result["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void MapListsMergeByKey()
    {
        var live = Apply(null, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nstatus:\n  conditions:\n  - {type: Ready, status: 'False'}", "controller");

        var result = Apply(live, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nstatus:\n  conditions:\n  - {type: Scheduled, status: 'True'}", "scheduler");

        Json.Equal("""[{"type":"Ready","status":"False"},{"type":"Scheduled","status":"True"}]""", result["status"]!["conditions"]);
        var scheduler = ManagedFields.Read(result).Single(e => e.Manager == "scheduler");
        Json.Equal("""{"f:status":{"f:conditions":{"k:{\"type\":\"Scheduled\"}":{".":{},"f:status":{},"f:type":{}}}}}""", FieldsV1.Encode(scheduler.Fields));
    }

    [Fact]
    public void MapListItemConflictNamesTheKey()
    {
        var live = Apply(null, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nstatus:\n  conditions:\n  - {type: Ready, status: 'False'}", "controller");
        var ex = Assert.Throws<PatchException>(() =>
            Apply(live, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nstatus:\n  conditions:\n  - {type: Ready, status: 'True'}", "other"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"controller\": .status.conditions[type=\"Ready\"].status", ex.Message);
    }

    [Fact]
    public void SetsMergeByValue()
    {
        var live = Apply(null, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec:\n  sshKeys: [a, b]", "one");
        var result = Apply(live, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec:\n  sshKeys: [b, c]", "two");
        Json.Equal("""["a","b","c"]""", result["spec"]!["sshKeys"]);

        result = Apply(result, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec:\n  sshKeys: [b]", "one");
        Json.Equal("""["b","c"]""", result["spec"]!["sshKeys"]);
        var one = ManagedFields.Read(result).Single(e => e.Manager == "one");
        Json.Equal("""{"f:spec":{"f:sshKeys":{"v:\"b\"":{}}}}""", FieldsV1.Encode(one.Fields));
    }

    [Fact]
    public void AtomicListsAreReplacedWhole()
    {
        var live = Apply(null, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec:\n  ports: [1, 2]", "one");
        var result = Apply(live, "apiVersion: elasticcompute.io/v1alpha1\nkind: Machine\nmetadata: {name: m1}\nspec:\n  ports: [3]", "one");
        Json.Equal("[3]", result["spec"]!["ports"]);
    }

    [Fact]
    public void ManagedFieldsEncodingRoundTrips()
    {
        var fieldsV1 = Json.Object("""
            {"f:metadata":{"f:finalizers":{".":{},"v:\"a/b\"":{}},"f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:cpu":{}},
             "f:status":{"f:conditions":{"k:{\"type\":\"Ready\"}":{".":{},"f:status":{},"f:type":{}}}}}
            """);
        var set = FieldsV1.Decode(fieldsV1);

        Json.Equal(fieldsV1, FieldsV1.Encode(set));
        Assert.Contains(".metadata.finalizers[=\"a/b\"]", set.Select(p => p.ToString()));
        Assert.Contains(".status.conditions[type=\"Ready\"]", set.Select(p => p.ToString()));
    }

    [Fact]
    public void UpdatesAreRecordedPerManagerAndMoveFieldsFromOthers()
    {
        var live = Apply(null, Machine, "kubectl");
        var patched = PatchAndRecord(PatchType.MergePatch, live, """{"spec":{"cpu":4},"metadata":{"annotations":{"x":"y"}}}"""u8, Context("kubectl-patch"));

        var entries = ManagedFields.Read(patched).ToDictionary(e => e.Manager);
        Assert.Equal(("Update", ApiVersion, "2025-01-02T03:04:05Z"), (entries["kubectl-patch"].Operation, entries["kubectl-patch"].ApiVersion, entries["kubectl-patch"].Time));
        Json.Equal("""{"f:metadata":{"f:annotations":{"f:x":{}}},"f:spec":{"f:cpu":{}}}""", FieldsV1.Encode(entries["kubectl-patch"].Fields));
        Assert.DoesNotContain(FieldPath.Of("f:spec", "f:cpu"), entries["kubectl"].Fields);

        // The applier now conflicts with the updater on cpu.
        var ex = Assert.Throws<PatchException>(() => Apply(patched, Machine, "kubectl"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using elasticcompute.io/v1alpha1: .spec.cpu", ex.Message);
    }

    [Fact]
    public void ResettingManagedFieldsClearsThem()
    {
        var live = Apply(null, Machine, "kubectl");
        var patched = PatchAndRecord(PatchType.JsonPatch, live, """[{"op":"replace","path":"/metadata/managedFields","value":[{}]}]"""u8, Context("kubectl-patch"));
        Assert.Null(patched["metadata"]!["managedFields"]);
    }

    [Theory]
    [InlineData("kubectl-client-side-apply", "kubectl/v1.32.0 (linux/amd64) kubernetes/abc", "kubectl-client-side-apply")]
    [InlineData(null, "kubectl/v1.32.0 (linux/amd64) kubernetes/abc", "kubectl")]
    [InlineData("", "devcluster-operator/1.0", "devcluster-operator")]
    [InlineData(null, null, "unknown")]
    public void ManagerNames(string? fieldManager, string? userAgent, string expected) =>
        Assert.Equal(expected, FieldManagerNames.Resolve(fieldManager, userAgent));

    [Fact]
    public void JsonBodiesAreAcceptedForApply()
    {
        var created = Apply(null, """{"apiVersion":"elasticcompute.io/v1alpha1","kind":"Machine","metadata":{"name":"m1"},"spec":{"cpu":"2"}}""", "kubectl");
        Assert.Equal("2", created["spec"]!["cpu"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/apply-patch+yaml", "ApplyPatch")]
    [InlineData("application/strategic-merge-patch+json; charset=utf-8", "StrategicMergePatch")]
    [InlineData("application/merge-patch+json", "MergePatch")]
    [InlineData("application/json-patch+json", "JsonPatch")]
    public void ContentTypes(string contentType, string expected)
    {
        Assert.True(PatchTypes.TryParse(contentType, out var type));
        Assert.Equal(expected, type.ToString());
        Assert.False(PatchTypes.TryParse("application/json", out _));
    }
}
