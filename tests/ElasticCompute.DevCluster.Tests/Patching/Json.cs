using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Tests.Patching;

internal static class Json
{
    public static JsonNode? Parse(string json) => JsonNode.Parse(json);

    public static JsonObject Object(string json) => (JsonObject)JsonNode.Parse(json)!;

    public static void Equal(string expected, JsonNode? actual) => Equal(JsonNode.Parse(expected), actual);

    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"expected {expected?.ToJsonString() ?? "null"}\nbut got  {actual?.ToJsonString() ?? "null"}");
        }
    }
}
