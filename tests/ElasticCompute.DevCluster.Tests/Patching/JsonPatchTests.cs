using ElasticCompute.DevCluster.Server.Patching;

namespace ElasticCompute.DevCluster.Tests.Patching;

public sealed class JsonPatchTests
{
    // RFC 6902 appendix A, the examples that succeed.
    [Theory]
    [InlineData("A.1", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("A.2", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("A.3", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("A.4", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("A.5", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("A.6", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("A.7", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("A.8", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("A.10", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("A.11", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("A.14", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("A.16", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    public void Rfc6902AppendixA(string example, string document, string patch, string expected)
    {
        Assert.NotEmpty(example);
        Json.Equal(expected, JsonPatch.Apply(Json.Parse(document)!, Json.Parse(patch)));
    }

    // RFC 6902 appendix A, the error examples, with evanphx/json-patch v4's texts.
    [Theory]
    [InlineData("A.9", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "testing value /baz failed: test failed")]
    [InlineData("A.12", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", "add operation does not apply: doc is missing path: \"/baz/bat\": missing value")]
    [InlineData("A.15", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", "testing value /~01 failed: test failed")]
    public void Rfc6902AppendixAErrors(string example, string document, string patch, string detail)
    {
        Assert.NotEmpty(example);
        var ex = Assert.Throws<PatchException>(() => JsonPatch.Apply(Json.Parse(document)!, Json.Parse(patch)));
        Assert.Equal((422, "Invalid", PatchException.RejectedMessage, detail), (ex.StatusCode, ex.Reason, ex.Message, ex.Detail));
        Assert.Empty(ex.Causes);
    }

    [Fact]
    public void A13DuplicateOpMembersAreRejected()
    {
        var ex = Assert.Throws<PatchException>(() =>
            JsonPatch.Apply(Json.Parse("""{"foo":"bar"}""")!, Json.Parse("""[{"op":"add","path":"/baz","value":"qux","op":"remove"}]""")));
        Assert.True(ex.StatusCode is 400 or 422, ex.Detail);
    }

    [Theory]
    [InlineData("/metadata/annotations/example.com~1key", "example.com/key")]
    [InlineData("/metadata/annotations/a~0b", "a~b")]
    [InlineData("/metadata/annotations/~01", "~1")]
    [InlineData("/metadata/annotations/", "")]
    [InlineData("/metadata/annotations/żółw ✓", "żółw ✓")]
    public void PointerSpecialCharacters(string path, string key)
    {
        var doc = Json.Parse("""{"metadata":{"annotations":{}}}""")!;
        var result = JsonPatch.Apply(doc, Json.Parse($$"""[{"op":"add","path":{{System.Text.Json.JsonSerializer.Serialize(path)}},"value":"v"}]"""));
        Assert.Equal("v", result["metadata"]!["annotations"]![key]!.GetValue<string>());

        var removed = JsonPatch.Apply(result, Json.Parse($$"""[{"op":"remove","path":{{System.Text.Json.JsonSerializer.Serialize(path)}}}]"""));
        Json.Equal("""{"metadata":{"annotations":{}}}""", removed);
    }

    [Theory]
    [InlineData("""[{"op":"add","path":"/a/3","value":1}]""", "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("""[{"op":"remove","path":"/a/2"}]""", "error in remove for path: '/a/2': Unable to access invalid index: 2: invalid index referenced")]
    [InlineData("""[{"op":"replace","path":"/a/2","value":1}]""", "replace operation does not apply: doc is missing key: /a/2: missing value")]
    [InlineData("""[{"op":"add","path":"/a/x","value":1}]""", "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("""[{"op":"remove","path":"/nope"}]""", "error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing value")]
    [InlineData("""[{"op":"remove","path":"/x/y"}]""", "remove operation does not apply: doc is missing path: \"/x/y\": missing value")]
    [InlineData("""[{"op":"move","from":"/nope","path":"/b"}]""", "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value")]
    [InlineData("""[{"op":"copy","from":"/a/9","path":"/b"}]""", "error in copy for from: '/a/9': Unable to access invalid index: 9: invalid index referenced")]
    [InlineData("""[{"op":"frob","path":"/a"}]""", "Unexpected kind: frob")]
    [InlineData("""[{"op":"add","value":1}]""", "add operation failed to decode path: missing value")]
    public void ErrorsCarryEvanphxTexts(string patch, string detail)
    {
        var ex = Assert.Throws<PatchException>(() => JsonPatch.Apply(Json.Parse("""{"a":[1,2]}""")!, Json.Parse(patch)));
        Assert.Equal((422, detail), (ex.StatusCode, ex.Detail));
    }

    [Fact]
    public void ArrayIndexBoundsAndNegativeIndices()
    {
        Json.Equal("""{"a":[1,2,3]}""", JsonPatch.Apply(Json.Parse("""{"a":[1,2]}""")!, Json.Parse("""[{"op":"add","path":"/a/2","value":3}]""")));
        Json.Equal("""{"a":[1]}""", JsonPatch.Apply(Json.Parse("""{"a":[1,2]}""")!, Json.Parse("""[{"op":"remove","path":"/a/-1"}]""")));
        Json.Equal("""{"a":[1,2,9]}""", JsonPatch.Apply(Json.Parse("""{"a":[1,2]}""")!, Json.Parse("""[{"op":"add","path":"/a/-1","value":9}]""")));
    }

    [Fact]
    public void ReplaceOfAMissingMemberAddsItAsKubeDoes() =>
        Json.Equal("""{"a":1,"b":2}""", JsonPatch.Apply(Json.Parse("""{"a":1}""")!, Json.Parse("""[{"op":"replace","path":"/b","value":2}]""")));

    [Fact]
    public void AFailedPatchLeavesTheInputAlone()
    {
        var doc = Json.Parse("""{"a":1}""")!;
        Assert.Throws<PatchException>(() => JsonPatch.Apply(doc, Json.Parse("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":2}]""")));
        Json.Equal("""{"a":1}""", doc);
    }

    [Theory]
    [InlineData("""{"op":"add"}""", 400)]
    [InlineData("not json", 400)]
    public void UndecodablePatchesAreBadRequests(string body, int status)
    {
        var ex = Assert.Throws<PatchException>(() => JsonPatch.Parse(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Equal(status, ex.StatusCode);
    }
}
