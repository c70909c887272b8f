using System.Net;
using ElasticCompute.Portal.Cluster;
using k8s.Autorest;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>Which failures are the cluster's (answered 503 with the form kept) and which are about what was sent.</summary>
public sealed class ClusterProblemTests
{
    [Fact]
    public void No_connection_and_timeouts_are_the_clusters()
    {
        Assert.True(ClusterProblem.IsUnavailable(new HttpRequestException("connection refused")));
        Assert.True(ClusterProblem.IsUnavailable(new TaskCanceledException("the request was canceled due to the configured HttpClient.Timeout")));
        Assert.True(ClusterProblem.IsUnavailable(new TimeoutException()));
        Assert.True(ClusterProblem.IsUnavailable(new InvalidOperationException("wrapped", new HttpRequestException("connection reset"))));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public void Server_failures_and_throttling_are_the_clusters(HttpStatusCode code) =>
        Assert.True(ClusterProblem.IsUnavailable(Failure(code)));

    [Theory]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public void Refusals_of_what_was_sent_are_not(HttpStatusCode code) =>
        Assert.False(ClusterProblem.IsUnavailable(Failure(code)));

    [Fact]
    public void Other_failures_are_not()
    {
        Assert.False(ClusterProblem.IsUnavailable(new ArgumentException("bad")));
        Assert.False(ClusterProblem.IsUnavailable(new InvalidOperationException("wrapped", new ArgumentException("bad"))));
    }

    private static HttpOperationException Failure(HttpStatusCode code) =>
        new($"Operation returned an invalid status code '{code}'") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), "{}") };
}
