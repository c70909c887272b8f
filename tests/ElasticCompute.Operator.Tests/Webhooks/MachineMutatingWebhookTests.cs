using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.Api;
using ElasticCompute.Operator.Tests.Machines;
using ElasticCompute.Operator.Webhooks;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace ElasticCompute.Operator.Tests.Webhooks;

public sealed class MachineMutatingWebhookTests
{
    private const string Annotation = "elasticcompute.io/storage-recommendation";
    private readonly MachineMutatingWebhook webhook = new(TestMachines.Policy, ElasticComputeApi.CreateDefaulter());

    private static JsonObject Machine(string spec, string? annotations = null) => JsonNode.Parse($$"""
        {"apiVersion":"elasticcompute.io/v1alpha1","kind":"ElasticMachine",
         "metadata":{"name":"web","namespace":"team-a"{{(annotations is null ? "" : $",\"annotations\":{annotations}")}}},
         "spec":{{spec}}}
        """)!.AsObject();

    private AdmissionResponse Review(JsonObject obj, JsonObject? old = null) =>
        webhook.Review(new AdmissionRequest { Uid = "u1", Operation = old is null ? "CREATE" : "UPDATE", Namespace = "team-a", Object = obj, OldObject = old });

    /// <summary>Applies the response's patch with an independent RFC 6902 implementation.</summary>
    private static JsonObject Apply(JsonObject obj, AdmissionResponse response)
    {
        Assert.Equal("JSONPatch", response.PatchType);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(response.Patch!));
        var document = JsonSerializer.Deserialize<JsonPatchDocument>(json)!;
        var target = obj.DeepClone().AsObject();
        document.ApplyTo(target);
        return target;
    }

    [Fact]
    public void A_machine_without_a_disk_gets_the_recommended_size_the_reason_and_the_defaults()
    {
        var machine = Machine("""{"cpu":2,"memory":"4Gi"}""");
        var response = Review(machine);
        Assert.True(response.Allowed);

        var patched = Apply(machine, response);
        Assert.Equal("80Gi", (string?)patched["spec"]!["storage"]!["size"]);
        Assert.Equal("Retain", (string?)patched["spec"]!["storage"]!["reclaimPolicy"]);
        Assert.Equal("standard", (string?)patched["spec"]!["storage"]!["storageClassName"]);
        Assert.Equal("Always", (string?)patched["spec"]!["runStrategy"]);
        Assert.Equal("ubuntu-24.04", (string?)patched["spec"]!["image"]!["dataSource"]);
        Assert.Equal("80Gi: 4Gi memory x 20 = 80Gi, a standard size", (string?)patched["metadata"]!["annotations"]![Annotation]);
        Assert.Equal(["elasticcompute.io/cleanup"], patched["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));

        // Reinvocation (or a second application) changes nothing.
        var again = Review(patched);
        Assert.True(again.Allowed);
        Assert.Null(again.Patch);
    }

    [Fact]
    public void Existing_annotations_get_the_reason_under_an_escaped_key_and_chosen_fields_stay()
    {
        var machine = Machine(
            """{"cpu":2,"memory":"4Gi","runStrategy":"Halted","storage":{"reclaimPolicy":"Delete"}}""",
            """{"team/owner":"a~b","kept":"yes"}""");
        var response = Review(machine);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(response.Patch!));
        Assert.Contains("\"/metadata/annotations/elasticcompute.io~1storage-recommendation\"", json, StringComparison.Ordinal);
        Assert.Contains("\"/spec/storage/size\"", json, StringComparison.Ordinal);

        var patched = Apply(machine, response);
        var annotations = patched["metadata"]!["annotations"]!.AsObject();
        Assert.Equal(["team/owner", "kept", Annotation], annotations.Select(a => a.Key));
        Assert.Equal("a~b", (string?)annotations["team/owner"]);
        Assert.Equal("Halted", (string?)patched["spec"]!["runStrategy"]);
        Assert.Equal("Delete", (string?)patched["spec"]!["storage"]!["reclaimPolicy"]);
        Assert.Equal("80Gi", (string?)patched["spec"]!["storage"]!["size"]);
    }

    [Fact]
    public void A_chosen_size_is_kept_and_gets_no_reason()
    {
        var machine = Machine("""{"cpu":2,"memory":"4Gi","storage":{"size":"200Gi"}}""");
        machine["metadata"]!["finalizers"] = new JsonArray("example.com/keep");
        var patched = Apply(machine, Review(machine));
        Assert.Equal(["example.com/keep", "elasticcompute.io/cleanup"], patched["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Equal("200Gi", (string?)patched["spec"]!["storage"]!["size"]);
        Assert.Null(patched["metadata"]!["annotations"]);
    }

    [Fact]
    public void An_update_without_the_size_keeps_the_stored_disk_and_never_adds_an_immutable_field()
    {
        // Stored before any webhook existed: no image, no storage class.
        var old = Machine("""{"cpu":2,"memory":"4Gi","storage":{"size":"80Gi"}}""");
        var updated = Machine("""{"cpu":4,"memory":"8Gi"}""");
        var patched = Apply(updated, Review(updated, old));
        Assert.Equal("80Gi", (string?)patched["spec"]!["storage"]!["size"]);
        Assert.Null(patched["spec"]!["image"]);
        Assert.Null(patched["spec"]!["storage"]!["storageClassName"]);
        Assert.Null(patched["metadata"]!["annotations"]);
    }

    [Theory]
    [InlineData(new[] { "metadata", "annotations", "a/b" }, "/metadata/annotations/a~1b")]
    [InlineData(new[] { "x~y", "~1" }, "/x~0y/~01")]
    [InlineData(new[] { "" }, "/")]
    public void Pointers_escape_tilde_before_slash(string[] segments, string expected) => Assert.Equal(expected, JsonPatch.Pointer(segments));

    [Fact]
    public void Deletes_status_updates_and_machines_being_deleted_pass_untouched()
    {
        Assert.Null(webhook.Review(new AdmissionRequest { Uid = "d", Operation = "DELETE", OldObject = Machine("{}") }).Patch);
        Assert.Null(webhook.Review(new AdmissionRequest { Uid = "s", Operation = "UPDATE", SubResource = "status", Object = Machine("""{"cpu":2,"memory":"4Gi"}"""), OldObject = Machine("{}") }).Patch);
        var deleting = Machine("""{"cpu":2,"memory":"4Gi"}""");
        deleting["metadata"]!["deletionTimestamp"] = "2026-11-27T12:00:00Z";
        Assert.Null(Review(deleting, Machine("""{"cpu":2,"memory":"4Gi"}""")).Patch);
    }
}
