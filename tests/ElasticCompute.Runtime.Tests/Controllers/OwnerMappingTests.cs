using ElasticCompute.Runtime.Controllers;
using k8s.Models;

namespace ElasticCompute.Runtime.Tests.Controllers;

public sealed class OwnerMappingTests
{
    private static readonly ResourceKind Deployments = ResourceKind.Of<V1Deployment>();

    [Fact]
    public void A_controller_owner_reference_of_the_owner_kind_maps_to_the_owner_in_the_childs_namespace()
    {
        var child = Child(new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "u", Controller = true });
        Assert.Equal(new ReconcileRequest("ns", "web"), Assert.Single(OwnerMapping.ToOwner(child, Deployments)));
    }

    [Theory]
    [InlineData("apps/v1", "StatefulSet", true)]
    [InlineData("v1", "Deployment", true)]
    [InlineData("apps/v1", "Deployment", false)]
    [InlineData("apps/v1", "Deployment", null)]
    public void Other_kinds_groups_and_non_controller_references_map_to_nothing(string apiVersion, string kind, bool? controller)
    {
        var child = Child(new V1OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = "web", Uid = "u", Controller = controller });
        Assert.Empty(OwnerMapping.ToOwner(child, Deployments));
    }

    [Fact]
    public void A_cluster_scoped_owner_maps_without_a_namespace()
    {
        var child = Child(new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = "node-1", Uid = "u", Controller = true });
        Assert.Equal(new ReconcileRequest(null, "node-1"), Assert.Single(OwnerMapping.ToOwner(child, ResourceKind.Of<V1Node>())));
    }

    private static V1Pod Child(V1OwnerReference owner) =>
        new() { Metadata = new V1ObjectMeta { Name = "pod", NamespaceProperty = "ns", OwnerReferences = [owner] } };
}
