using System.Net;
using ElasticCompute.Runtime.Hosting;
using k8s.Autorest;

namespace ElasticCompute.Runtime.Tests.Hosting;

public sealed class ApiErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"namespaces \"x\" not found","reason":"NotFound","code":404}""", "404 NotFound: namespaces \"x\" not found")]
    [InlineData(HttpStatusCode.Forbidden, """{"kind":"Status","message":"leases.coordination.k8s.io is forbidden: User \"op\" cannot create resource \"leases\""}""", "403 Forbidden: leases.coordination.k8s.io is forbidden: User \"op\" cannot create resource \"leases\"")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "502 BadGateway: <html>bad gateway</html>")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "503 ServiceUnavailable")]
    public void An_api_answer_is_its_status_and_the_status_message(HttpStatusCode code, string body, string expected)
    {
        var failure = new HttpOperationException("Operation returned an invalid status code") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body) };
        Assert.Equal(expected, ApiErrors.Describe(failure));
    }

    [Fact]
    public void A_connection_failure_keeps_its_cause()
    {
        var failure = new HttpRequestException("Connection refused (127.0.0.1:6443)", new IOException("socket closed"));
        Assert.Equal("Connection refused (127.0.0.1:6443) (socket closed)", ApiErrors.Describe(failure));
    }
}
