using ElasticCompute.Runtime.Informers;

namespace ElasticCompute.Runtime.Tests.Informers;

public sealed class ListWatchFailureTests
{
    private static readonly ResourceKind Machines = new("elasticcompute.io", "v1alpha1", "elasticmachines", true, "ElasticMachine");

    [Fact]
    public void A_resource_the_server_does_not_serve_asks_whether_its_crd_is_installed()
    {
        Assert.Equal(
            "404 the server could not find the requested resource: elasticmachines.elasticcompute.io (v1alpha1) is not served by this API server; is its CustomResourceDefinition installed?",
            ListWatchFailure.Describe(Machines, new ApiStatusException(404, null, "the server could not find the requested resource")));
        Assert.Equal(
            "404 not found: nodes (v1) is not served by this API server; is its CustomResourceDefinition installed?",
            ListWatchFailure.Describe(new ResourceKind(string.Empty, "v1", "nodes", false, "Node"), new ApiStatusException(404, null, "not found")));
    }

    [Fact]
    public void Other_failures_are_their_code_and_message_or_the_connection_error()
    {
        Assert.Equal("403 elasticmachines is forbidden", ListWatchFailure.Describe(Machines, new ApiStatusException(403, null, "elasticmachines is forbidden")));
        Assert.Equal("Connection refused (127.0.0.1:6443) (refused)", ListWatchFailure.Describe(Machines, new HttpRequestException("Connection refused (127.0.0.1:6443)", new IOException("refused"))));
    }
}
