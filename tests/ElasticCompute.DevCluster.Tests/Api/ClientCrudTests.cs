using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticCompute.DevCluster.Tests.Api;

/// <summary>The real KubernetesClient against devcluster: the basic verbs and their rules on a custom resource.</summary>
public sealed class ClientCrudTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private const string Group = "elasticcompute.io";
    private const string Version = "v1alpha1";
    private const string Plural = "elasticmachines";

    private Kubernetes Client => cluster.Client;

    [Fact]
    public async Task Create_get_list_replace_and_delete_a_machine()
    {
        var ns = await cluster.NamespaceAsync();

        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural));
        Assert.Equal("web-1", (string?)created["metadata"]!["name"]);
        Assert.False(string.IsNullOrEmpty((string?)created["metadata"]!["uid"]));
        Assert.Equal(1, (long)created["metadata"]!["generation"]!);
        Assert.Equal("Always", (string?)created["spec"]!["runStrategy"]); // the CRD's default

        var fetched = Json(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "web-1"));
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)fetched["metadata"]!["resourceVersion"]);

        var list = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural));
        Assert.Equal("ElasticMachineList", (string?)list["kind"]);
        Assert.Single(list["items"]!.AsArray());

        fetched["spec"]!["memory"] = "8Gi";
        var replaced = Json(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(fetched, Group, Version, ns, Plural, "web-1"));
        Assert.Equal("8Gi", (string?)replaced["spec"]!["memory"]);
        Assert.Equal(2, (long)replaced["metadata"]!["generation"]!);

        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, "web-1");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "web-1"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("elasticmachines.elasticcompute.io \"web-1\" not found", (string?)JsonNode.Parse(missing.Response.Content)!["message"]);
    }

    [Fact]
    public async Task A_stale_resource_version_is_a_conflict()
    {
        var ns = await cluster.NamespaceAsync();
        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural));
        var stale = (JsonObject)created.DeepClone();
        created["spec"]!["cpu"] = 4;
        created["spec"]!["memory"] = "8Gi";
        await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, Version, ns, Plural, "web-1");

        stale["spec"]!["cpu"] = 8;
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(stale, Group, Version, ns, Plural, "web-1"));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = JsonNode.Parse(conflict.Response.Content)!;
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal(
            "Operation cannot be fulfilled on elasticmachines.elasticcompute.io \"web-1\": the object has been modified; please apply your changes to the latest version and try again",
            (string?)status["message"]);
    }

    [Fact]
    public async Task Creating_twice_is_already_exists_and_a_missing_namespace_is_not_found()
    {
        var ns = await cluster.NamespaceAsync();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural);

        var again = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural));
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Equal("AlreadyExists", (string?)JsonNode.Parse(again.Response.Content)!["reason"]);

        var nowhere = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-2"), Group, Version, "no-such-namespace", Plural));
        Assert.Equal(HttpStatusCode.NotFound, nowhere.Response.StatusCode);
        Assert.Equal("namespaces \"no-such-namespace\" not found", (string?)JsonNode.Parse(nowhere.Response.Content)!["message"]);
    }

    [Fact]
    public async Task Schema_errors_come_back_as_an_invalid_status_with_field_causes()
    {
        var ns = await cluster.NamespaceAsync();
        var bad = Machine("web-1");
        bad["spec"]!["cpu"] = 0;

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.CreateNamespacedCustomObjectAsync(bad, Group, Version, ns, Plural));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("ElasticMachine.elasticcompute.io \"web-1\" is invalid: spec.cpu: Invalid value: 0: spec.cpu in body should be greater than or equal to 1", (string?)status["message"]);
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueInvalid", (string?)cause["reason"]);
        Assert.Equal("spec.cpu", (string?)cause["field"]);
    }

    [Fact]
    public async Task Strict_field_validation_refuses_unknown_fields_and_the_default_drops_them()
    {
        var ns = await cluster.NamespaceAsync();
        var typo = Machine("web-1");
        typo["spec"]!["sise"] = "80Gi";

        var strict = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.CreateNamespacedCustomObjectAsync(typo, Group, Version, ns, Plural, fieldValidation: "Strict"));
        Assert.Equal(HttpStatusCode.BadRequest, strict.Response.StatusCode);
        Assert.Equal("strict decoding error: unknown field \"spec.sise\"", (string?)JsonNode.Parse(strict.Response.Content)!["message"]);

        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(typo, Group, Version, ns, Plural));
        Assert.Null(created["spec"]!["sise"]);
    }

    [Fact]
    public async Task Status_is_written_only_through_the_status_subresource_and_does_not_bump_generation()
    {
        var ns = await cluster.NamespaceAsync();
        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural));

        created["status"] = new JsonObject { ["phase"] = "Running" };
        var viaMain = Json(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, Version, ns, Plural, "web-1"));
        Assert.Null(viaMain["status"]);

        viaMain["status"] = new JsonObject { ["phase"] = "Running", ["observedGeneration"] = 1 };
        viaMain["spec"]!["cpu"] = 8;
        var viaStatus = Json(await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(viaMain, Group, Version, ns, Plural, "web-1"));
        Assert.Equal("Running", (string?)viaStatus["status"]!["phase"]);
        Assert.Equal(2, (int)viaStatus["spec"]!["cpu"]!);
        Assert.Equal(1, (long)viaStatus["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Dry_run_validates_and_stores_nothing()
    {
        var ns = await cluster.NamespaceAsync();

        var result = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural, dryRun: "All"));

        Assert.Equal("web-1", (string?)result["metadata"]!["name"]);
        var list = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural));
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Merge_and_json_patches_apply_and_generate_name_names_the_object()
    {
        var ns = await cluster.NamespaceAsync();
        var machine = Machine(string.Empty);
        machine["metadata"]!.AsObject().Remove("name");
        machine["metadata"]!["generateName"] = "web-";
        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(machine, Group, Version, ns, Plural));
        var name = (string)created["metadata"]!["name"]!;
        Assert.Matches("^web-[a-z0-9]{5}$", name);

        var merged = Json(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"tier":"web"}},"spec":{"memory":"8Gi"}}""", V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, name));
        Assert.Equal("web", (string?)merged["metadata"]!["labels"]!["tier"]);

        var patched = Json(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"add","path":"/metadata/labels/example.com~1owner","value":"alice"},{"op":"replace","path":"/spec/cpu","value":4}]""", V1Patch.PatchType.JsonPatch), Group, Version, ns, Plural, name));
        Assert.Equal("alice", (string?)patched["metadata"]!["labels"]!["example.com/owner"]);
        Assert.Equal(4, (int)patched["spec"]!["cpu"]!);
    }

    [Fact]
    public async Task A_patch_owns_only_the_fields_the_stored_object_kept()
    {
        var ns = await cluster.NamespaceAsync();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural);

        // The main resource ignores status (the status subresource writes it), so the patch's status is not kept.
        var patched = Json(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"cpu":4,"memory":"8Gi"},"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch),
            Group, Version, ns, Plural, "web-1", fieldManager: "resizer"));

        Assert.Null(patched["status"]);
        var entry = patched["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "resizer")!;
        Assert.Equal("""{"f:spec":{"f:cpu":{},"f:memory":{}}}""", entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Concurrent_patches_without_a_resource_version_all_apply()
    {
        var ns = await cluster.NamespaceAsync();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("busy"), Group, Version, ns, Plural);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"writer-" + i + "\":\"yes\"}}}", V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, "busy")));

        var result = Json(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "busy"));
        Assert.Equal(16, result["metadata"]!["labels"]!.AsObject().Count);
    }

    [Fact]
    public async Task A_patch_that_names_a_stale_resource_version_is_a_conflict()
    {
        var ns = await cluster.NamespaceAsync();
        var created = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("pinned"), Group, Version, ns, Plural));
        var stale = (string)created["metadata"]!["resourceVersion"]!;
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"cpu":4,"memory":"8Gi"}}""", V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, "pinned");

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch($$$"""{"metadata":{"resourceVersion":"{{{stale}}}"},"spec":{"cpu":8}}""", V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, "pinned"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
    }

    [Fact]
    public async Task Label_and_field_selectors_and_paging_narrow_a_list()
    {
        var ns = await cluster.NamespaceAsync();
        for (var i = 0; i < 5; i++)
        {
            var m = Machine($"m-{i}");
            m["metadata"]!["labels"] = new JsonObject { ["tier"] = i % 2 == 0 ? "web" : "db" };
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(m, Group, Version, ns, Plural);
        }

        var web = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural, labelSelector: "tier=web"));
        Assert.Equal(["m-0", "m-2", "m-4"], Names(web));
        var notWeb = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural, labelSelector: "tier notin (web)"));
        Assert.Equal(["m-1", "m-3"], Names(notWeb));
        var byName = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural, fieldSelector: "metadata.name=m-3"));
        Assert.Equal(["m-3"], Names(byName));

        var names = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = Json(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, Plural, limit: 2, continueParameter: next));
            names.AddRange(Names(page));
            next = (string?)page["metadata"]!["continue"];
            pages++;
        }
        while (!string.IsNullOrEmpty(next));

        Assert.Equal(3, pages);
        Assert.Equal(["m-0", "m-1", "m-2", "m-3", "m-4"], names);
    }

    internal static JsonObject Machine(string name) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "ElasticMachine",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["cpu"] = 2, ["memory"] = "4Gi" },
    };

    internal static JsonObject Json(object response) => JsonNode.Parse(((JsonElement)response).GetRawText())!.AsObject();

    private static string[] Names(JsonObject list) => list["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).ToArray();
}
