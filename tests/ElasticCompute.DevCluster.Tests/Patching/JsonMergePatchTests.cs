using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Patching;

namespace ElasticCompute.DevCluster.Tests.Patching;

public sealed class JsonMergePatchTests
{
    // RFC 7386 appendix A, every row.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", "{}")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("[1,2]", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("{}", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Rfc7386AppendixA(string target, string patch, string expected) =>
        Json.Equal(expected, JsonMergePatch.Apply(Json.Parse(target), Json.Parse(patch)));

    [Fact]
    public void InputsAreNotChanged()
    {
        var target = Json.Object("""{"a":{"b":1,"c":2}}""");
        var patch = Json.Object("""{"a":{"b":null,"d":{"e":3}}}""");
        var before = (target.ToJsonString(), patch.ToJsonString());

        var result = JsonMergePatch.Apply(target, patch);

        Json.Equal("""{"a":{"c":2,"d":{"e":3}}}""", result);
        Assert.Equal(before, (target.ToJsonString(), patch.ToJsonString()));
    }

    [Fact]
    public void PatcherRejectsANonObjectMergePatchAsBadRequest()
    {
        var ex = Assert.Throws<PatchException>(() => new Patcher().Patch(
            PatchType.MergePatch, Json.Object("{}"), "[1]"u8, PatchContext.ForBuiltin("", "ConfigMap", "v1", "test")));
        Assert.Equal((400, "BadRequest", "Invalid JSON Patch"), (ex.StatusCode, ex.Reason, ex.Message));
    }

    [Fact]
    public void MergePatchOfAnAnnotationWithSlashInItsKey()
    {
        var live = Json.Object("""{"metadata":{"annotations":{"example.com/key":"a","other":"b"}}}""");
        var result = JsonMergePatch.Apply(live, JsonNode.Parse("""{"metadata":{"annotations":{"example.com/key":null}}}"""));
        Json.Equal("""{"metadata":{"annotations":{"other":"b"}}}""", result);
    }
}
