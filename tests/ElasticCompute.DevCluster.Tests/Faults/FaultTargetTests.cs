using ElasticCompute.DevCluster.Server.Faults;
using Microsoft.AspNetCore.Http;

namespace ElasticCompute.DevCluster.Tests.Faults;

public sealed class FaultTargetTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps/x", "", "get", "", "configmaps", null)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps", "", "list", "", "configmaps", null)]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps", "?watch=true", "watch", "", "configmaps", null)]
    [InlineData("GET", "/api/v1/watch/namespaces/default/configmaps", "", "watch", "", "configmaps", null)]
    [InlineData("POST", "/apis/kubevirt.io/v1/namespaces/a/virtualmachines", "", "create", "kubevirt.io", "virtualmachines", null)]
    [InlineData("PUT", "/apis/kubevirt.io/v1/namespaces/a/virtualmachines/vm/status", "", "update", "kubevirt.io", "virtualmachines", "status")]
    [InlineData("PATCH", "/api/v1/namespaces/default", "", "patch", "", "namespaces", null)]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps/x", "", "delete", "", "configmaps", null)]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps", "", "deletecollection", "", "configmaps", null)]
    [InlineData("GET", "/apis", "", "get", null, null, null)]
    public void The_verb_and_resource_are_read_as_kube_reads_them(string method, string path, string query, string verb, string? group, string? resource, string? subresource)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        var target = FaultTarget.From(context.Request);
        Assert.Equal(verb, target.Verb);
        Assert.Equal(group, target.Group);
        Assert.Equal(resource, target.Resource);
        Assert.Equal(subresource, target.Subresource);
    }
}
