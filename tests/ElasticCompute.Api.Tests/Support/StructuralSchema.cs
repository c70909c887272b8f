using System.Text.Json.Nodes;
using k8s.Models;

namespace ElasticCompute.Api.Tests.Support;

/// <summary>What an API server's structural-schema pruning would drop from an object (fieldValidation=Strict rejects these).</summary>
internal static class StructuralSchema
{
    public static IReadOnlyList<string> UnknownFields(V1JSONSchemaProps schema, JsonNode? node)
    {
        var unknown = new List<string>();
        Walk(schema, node, string.Empty, unknown, root: true);
        return unknown;
    }

    private static void Walk(V1JSONSchemaProps schema, JsonNode? node, string path, List<string> unknown, bool root = false)
    {
        if (schema.XKubernetesPreserveUnknownFields == true)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj when schema.Properties is { } properties:
                foreach (var (name, value) in obj)
                {
                    var child = path.Length == 0 ? name : $"{path}.{name}";
                    if (properties.TryGetValue(name, out var propertySchema))
                    {
                        // The API server handles metadata itself.
                        if (!(root && name == "metadata"))
                        {
                            Walk(propertySchema, value, child, unknown);
                        }
                    }
                    else
                    {
                        unknown.Add(child);
                    }
                }

                break;
            case JsonObject obj when schema.AdditionalProperties is V1JSONSchemaProps additional:
                foreach (var (name, value) in obj)
                {
                    Walk(additional, value, $"{path}.{name}", unknown);
                }

                break;
            case JsonArray array when schema.Items is V1JSONSchemaProps items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(items, array[i], $"{path}[{i}]", unknown);
                }

                break;
        }
    }
}
