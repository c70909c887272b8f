using System.Net;
using ElasticCompute.Portal.Cluster;
using k8s.Autorest;

namespace ElasticCompute.Portal.Tests.Cluster;

/// <summary>What the portal makes of the API server's refusal: the Status message and its causes by field.</summary>
public sealed class ApiRefusalTests
{
    private const string Invalid = """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
         "message":"ElasticMachine.elasticcompute.io \"web-1\" is invalid: spec.cpu: Invalid value: 3: 3 is not an allowed size",
         "reason":"Invalid",
         "details":{"name":"web-1","group":"elasticcompute.io","kind":"ElasticMachine","causes":[
           {"reason":"FieldValueInvalid","message":"Invalid value: 3: 3 is not an allowed size; choose one of 1, 2, 4","field":"spec.cpu"},
           {"reason":"FieldValueRequired","message":"Required value"}]},
         "code":422}
        """;

    [Fact]
    public void The_message_and_the_causes_come_from_the_status_body()
    {
        var refusal = ApiRefusal.From(Failure(HttpStatusCode.UnprocessableEntity, Invalid));

        Assert.NotNull(refusal);
        Assert.Equal(422, refusal.Code);
        Assert.Equal("ElasticMachine.elasticcompute.io \"web-1\" is invalid: spec.cpu: Invalid value: 3: 3 is not an allowed size", refusal.Message);
        Assert.Equal(
            [("spec.cpu", "Invalid value: 3: 3 is not an allowed size; choose one of 1, 2, 4"), (string.Empty, "Required value")],
            refusal.Causes);
    }

    [Fact]
    public void A_conflict_without_causes_keeps_its_message()
    {
        var refusal = ApiRefusal.From(Failure(HttpStatusCode.Conflict, """{"kind":"Status","message":"elasticmachines \"web-1\" already exists","reason":"AlreadyExists","code":409}"""));

        Assert.Equal(409, refusal?.Code);
        Assert.Equal("elasticmachines \"web-1\" already exists", refusal?.Message);
        Assert.Empty(refusal!.Causes);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public void A_server_failure_is_no_refusal(HttpStatusCode code) =>
        Assert.Null(ApiRefusal.From(Failure(code, """{"kind":"Status","message":"etcdserver: request timed out","code":500}""")));

    [Fact]
    public void Other_exceptions_are_no_refusal()
    {
        Assert.Null(ApiRefusal.From(new HttpRequestException("connection refused")));
        Assert.Null(ApiRefusal.From(new HttpOperationException("no response")));
    }

    [Theory]
    [InlineData("<html><body>403 Forbidden</body></html>")]
    [InlineData("")]
    [InlineData("\"a string\"")]
    public void A_body_that_is_no_status_keeps_the_reason_phrase(string body)
    {
        var refusal = ApiRefusal.From(Failure(HttpStatusCode.Forbidden, body));

        Assert.Equal(403, refusal?.Code);
        Assert.Equal("Forbidden", refusal?.Message);
        Assert.Empty(refusal!.Causes);
    }

    [Fact]
    public void A_webhook_denial_is_split_by_field_and_a_message_keeps_its_own_semicolons()
    {
        var body = """{"kind":"Status","status":"Failure","code":422,"message":"admission webhook \"vem.elasticcompute.io\" denied the request: spec.cpu: 4 is not an allowed size; choose one of 1, 2, 8; spec.memory: 1Gi for 4 vCPU is below the ratio; metadata.name: is required"}""";
        var refusal = ApiRefusal.From(Failure(HttpStatusCode.UnprocessableEntity, body))!;
        Assert.Equal(
            [("spec.cpu", "4 is not an allowed size; choose one of 1, 2, 8"), ("spec.memory", "1Gi for 4 vCPU is below the ratio"), ("metadata.name", "is required")],
            refusal.ByField());
    }

    [Fact]
    public void A_refusal_with_neither_causes_nor_a_denial_is_one_message_without_a_field()
    {
        var refusal = ApiRefusal.From(Failure(HttpStatusCode.Forbidden, """{"kind":"Status","message":"elasticmachines is forbidden"}"""))!;
        Assert.Equal([(string.Empty, "elasticmachines is forbidden")], refusal.ByField());
    }

    private static HttpOperationException Failure(HttpStatusCode code, string body) =>
        new($"Operation returned an invalid status code '{code}'") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body) };
}
