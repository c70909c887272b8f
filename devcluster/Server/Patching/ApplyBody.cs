using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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

    private static JsonNode? FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? string.Empty, Convert(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException("unsupported YAML node " + node.NodeType),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !text.EndsWith('.') => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
