using System.Net;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static ElasticCompute.DevCluster.Tests.Api.ClientCrudTests;

namespace ElasticCompute.DevCluster.Tests.Api;

/// <summary>Finalizers, owner-reference garbage collection, namespace deletion and CRDs coming and going.</summary>
public sealed class LifecycleTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    private const string Group = "elasticcompute.io";
    private const string Version = "v1alpha1";
    private const string Plural = "elasticmachines";

    private Kubernetes Client => cluster.Client;

    [Fact]
    public async Task A_finalizer_holds_a_deleted_object_until_it_is_removed()
    {
        var ns = await cluster.NamespaceAsync();
        var machine = Machine("web-1");
        machine["metadata"]!["finalizers"] = new JsonArray("elasticcompute.io/cleanup");
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(machine, Group, Version, ns, Plural);

        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, "web-1");
        var deleting = Json(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "web-1"));
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);

        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), Group, Version, ns, Plural, "web-1");

        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, Plural, "web-1"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Background_deletion_collects_dependents()
    {
        var ns = await cluster.NamespaceAsync();
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(Dependent("child", owner), ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns);

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespacedSecretAsync(ns)).Items.Count == 0, "the dependent to be collected");
    }

    [Fact]
    public async Task Foreground_deletion_waits_for_dependents()
    {
        var ns = await cluster.NamespaceAsync();
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, ns);
        var child = Dependent("child", owner);
        child.Metadata.Finalizers = ["test.example.com/hold"];
        await Client.CoreV1.CreateNamespacedSecretAsync(child, ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Foreground");

        // The owner waits, marked for deletion with the foregroundDeletion finalizer, while its dependent lives.
        await Eventually.GetAsync(() => Client.CoreV1.ReadNamespacedSecretAsync("child", ns), s => s.Metadata.DeletionTimestamp is not null, "the dependent to be deleted");
        var held = await Client.CoreV1.ReadNamespacedConfigMapAsync("owner", ns);
        Assert.Contains("foregroundDeletion", held.Metadata.Finalizers);

        // The garbage collector writes the dependent too (its own foregroundDeletion finalizer), so remove
        // ours the way clients do: read, change, write, and again on a conflict.
        for (var attempt = 0; ; attempt++)
        {
            var latest = await Client.CoreV1.ReadNamespacedSecretAsync("child", ns);
            latest.Metadata.Finalizers = latest.Metadata.Finalizers?.Where(f => f != "test.example.com/hold").ToList();
            try
            {
                await Client.CoreV1.ReplaceNamespacedSecretAsync(latest, "child", ns);
                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                break;
            }
        }

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.All(c => c.Metadata.Name != "owner"), "the owner to go after its dependent");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_strips_their_owner_reference()
    {
        var ns = await cluster.NamespaceAsync();
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(Dependent("child", owner), ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Orphan");

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Count == 0, "the owner to go");
        var orphan = await Client.CoreV1.ReadNamespacedSecretAsync("child", ns);
        Assert.Null(orphan.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_content_then_itself()
    {
        var ns = await cluster.NamespaceAsync();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Machine("web-1"), Group, Version, ns, Plural);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns);

        await Client.CoreV1.DeleteNamespaceAsync(ns);

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespaceAsync()).Items.All(n => n.Metadata.Name != ns), "the namespace to go");
        Assert.Empty(cluster.Server.Store.List("elasticmachines.elasticcompute.io", ns).Items);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, ns));
        Assert.Equal(HttpStatusCode.NotFound, refused.Response.StatusCode);
    }

    [Fact]
    public async Task A_new_crd_is_served_and_its_deletion_removes_its_objects()
    {
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "widgets.example.com" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.com",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Kind = "Widget", Plural = "widgets", Singular = "widget" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1",
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Properties = new Dictionary<string, V1JSONSchemaProps>
                                {
                                    ["spec"] = new() { Type = "object", Properties = new Dictionary<string, V1JSONSchemaProps> { ["size"] = new() { Type = "integer", DefaultProperty = 3 } } },
                                },
                            },
                        },
                    },
                ],
            },
        };
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        var established = await Eventually.GetAsync(
            () => Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com"),
            c => c.Status?.Conditions?.Any(x => x.Type == "Established" && x.Status == "True") == true,
            "the CRD to be established");
        Assert.Equal("Widget", established.Status.AcceptedNames.Kind);

        var ns = await cluster.NamespaceAsync();
        var widget = Json(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" }, ["spec"] = new JsonObject() },
            "example.com", "v1", ns, "widgets"));
        Assert.Equal(3, (int)widget["spec"]!["size"]!);

        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.example.com");
        await Eventually.TrueAsync(async () => (await Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items.All(c => c.Metadata.Name != "widgets.example.com"), "the CRD to go");
        Assert.Empty(cluster.Server.Store.List("widgets.example.com").Items);
        var unserved = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.ListNamespacedCustomObjectAsync("example.com", "v1", ns, "widgets"));
        Assert.Equal(HttpStatusCode.NotFound, unserved.Response.StatusCode);
    }

    private static V1Secret Dependent(string name, V1ConfigMap owner) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = true },
            ],
        },
    };
}
