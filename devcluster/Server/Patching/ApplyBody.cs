using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>Reads an apply-patch body, YAML or JSON, as a JSON object (YAML 1.2 core-schema scalars).</summary>
internal static class ApplyBody
{
    public static JsonObject Parse(ReadOnlySpan<byte> body)
    {
        JsonNode? node;
        var trimmed = body.TrimStart(" \t\r\n"u8);
        try
        {
            node = trimmed.Length > 0 && trimmed[0] == (byte)'{' ? JsonNode.Parse(body) : FromYaml(Encoding.UTF8.GetString(body));
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw PatchException.BadRequest("error decoding YAML: " + e.Message);
        }

        return node as JsonObject ?? throw PatchException.BadRequest("error decoding YAML: the apply patch must be an object");
    }

    private static JsonNode? FromYaml(string yaml) => Http.YamlJson.Read(yaml);
}
