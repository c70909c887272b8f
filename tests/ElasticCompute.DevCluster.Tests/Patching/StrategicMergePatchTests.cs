using ElasticCompute.DevCluster.Server.Patching;

namespace ElasticCompute.DevCluster.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private static readonly ListTypeResolver Node = BuiltinListTypes.For("", "Node");

    private static string Apply(string original, string patch) =>
        StrategicMergePatch.Apply(Json.Object(original), Json.Object(patch), Node).ToJsonString();

    [Fact]
    public void OwnerReferencesMergeByUid() => Json.Equal(
        """{"metadata":{"ownerReferences":[{"uid":"1","name":"a2"},{"uid":"2","name":"b"},{"uid":"3","name":"c"}]}}""",
        Json.Parse(Apply(
            """{"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b"}]}}""",
            """{"metadata":{"ownerReferences":[{"uid":"1","name":"a2"},{"uid":"3","name":"c"}]}}""")));

    [Fact]
    public void FinalizersUnionAndDeleteFromPrimitiveList() => Json.Equal(
        """{"metadata":{"finalizers":["c","a"]}}""", // patch order wins for items the patch names
        Json.Parse(Apply(
            """{"metadata":{"finalizers":["a","b"]}}""",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["c","a"]}}""")));

    [Fact]
    public void ConditionsMergeByType() => Json.Equal(
        """{"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"},{"type":"DiskPressure","status":"False"}]}}""",
        Json.Parse(Apply(
            """{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletReady"},{"type":"DiskPressure","status":"False"}]}}""",
            """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""")));

    [Fact]
    public void PatchDeleteRemovesAListItemAndAMap() => Json.Equal(
        """{"status":{"conditions":[{"type":"DiskPressure","status":"False"}]}}""",
        Json.Parse(Apply(
            """{"spec":{"podCIDR":"10.0.0.0/24"},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"DiskPressure","status":"False"}]}}""",
            """{"spec":{"$patch":"delete"},"status":{"conditions":[{"type":"Ready","$patch":"delete"}]}}""")));

    [Fact]
    public void PatchReplaceReplacesAMapAndAList() => Json.Equal(
        """{"metadata":{"labels":{"only":"this"}},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}""",
        Json.Parse(Apply(
            """{"metadata":{"labels":{"a":"1","b":"2"}},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"DiskPressure","status":"False"}]}}""",
            """{"metadata":{"labels":{"$patch":"replace","only":"this"}},"status":{"conditions":[{"$patch":"replace"},{"type":"Ready","status":"Unknown"}]}}""")));

    [Fact]
    public void NullDeletesAKey() => Json.Equal(
        """{"metadata":{"labels":{"b":"2"}}}""",
        Json.Parse(Apply("""{"metadata":{"labels":{"a":"1","b":"2"}}}""", """{"metadata":{"labels":{"a":null,"zz":null}}}""")));

    [Fact]
    public void SetElementOrderOrdersTheMergedList() => Json.Equal(
        """{"status":{"conditions":[{"type":"C"},{"type":"A","status":"x"},{"type":"B"}]}}""",
        Json.Parse(Apply(
            """{"status":{"conditions":[{"type":"A"},{"type":"B"}]}}""",
            """{"status":{"$setElementOrder/conditions":[{"type":"C"},{"type":"A"},{"type":"B"}],"conditions":[{"type":"C"},{"type":"A","status":"x"}]}}""")));

    [Fact]
    public void SetElementOrderAloneReorders() => Json.Equal(
        """{"metadata":{"finalizers":["b","a"]}}""",
        Json.Parse(Apply("""{"metadata":{"finalizers":["a","b"]}}""", """{"metadata":{"$setElementOrder/finalizers":["b","a"]}}""")));

    [Fact]
    public void RetainKeysClearsOtherKeys() => Json.Equal(
        """{"spec":{"type":"b","b":2}}""",
        Json.Parse(Apply("""{"spec":{"type":"a","a":1}}""", """{"spec":{"$retainKeys":["type","b"],"type":"b","b":2}}""")));

    [Fact]
    public void TaintsAreAtomicAsInK8sApi() => Json.Equal(
        """{"spec":{"taints":[{"key":"b","effect":"NoSchedule"}]}}""",
        Json.Parse(Apply("""{"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}}""", """{"spec":{"taints":[{"key":"b","effect":"NoSchedule"}]}}""")));

    [Fact]
    public void MalformedDirectivesAreBadRequests()
    {
        var ex = Assert.Throws<PatchException>(() => Apply("""{"metadata":{}}""", """{"metadata":{"$deleteFromPrimitiveList/finalizers":"x"}}"""));
        Assert.Equal((400, "Invalid patch format of primitive list"), (ex.StatusCode, ex.Message));
        ex = Assert.Throws<PatchException>(() => Apply("""{"spec":{}}""", """{"spec":{"$retainKeys":["a"],"b":1}}"""));
        Assert.Equal((422, "patch content doesn't match retainKeys list"), (ex.StatusCode, ex.Detail));
    }

    [Fact]
    public void CustomResourcesAreUnsupportedMediaType()
    {
        Assert.True(StrategicMergePatch.IsSupported("", "Node"));
        Assert.False(StrategicMergePatch.IsSupported("elasticcompute.io", "Machine"));
        var ex = Assert.Throws<PatchException>(() => new Patcher().Patch(
            PatchType.StrategicMergePatch, Json.Object("{}"), "{}"u8,
            new PatchContext("elasticcompute.io", "Machine", "elasticcompute.io/v1alpha1", "kubectl-patch", _ => null)));
        Assert.Equal((415, "UnsupportedMediaType"), (ex.StatusCode, ex.Reason));
        Assert.StartsWith("the body of the request was in an unknown format - accepted media types include:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OriginalIsNotChanged()
    {
        var original = Json.Object("""{"metadata":{"finalizers":["a"]}}""");
        StrategicMergePatch.Apply(original, Json.Object("""{"metadata":{"finalizers":["b"]}}"""), Node);
        Json.Equal("""{"metadata":{"finalizers":["a"]}}""", original);
    }
}
