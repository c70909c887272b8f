using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Tests.Schema;

/// <summary>YAML read the way the API server reads it (the server's own reader), with shorthands for tests.</summary>
internal static class YamlJson
{
    public static IReadOnlyList<JsonNode?> ReadAll(string yaml) => Server.Http.YamlJson.ReadAll(yaml);

    public static JsonNode Read(string yaml) => ReadAll(yaml).Single() ?? throw new InvalidOperationException("empty document");

    public static JsonObject Object(string yaml) => (JsonObject)Read(yaml);
}
