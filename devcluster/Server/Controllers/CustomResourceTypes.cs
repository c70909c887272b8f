using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Controllers;

/// <summary>The resource types a CustomResourceDefinition serves: one per served version.</summary>
public static class CustomResourceTypes
{
    public static IReadOnlyList<ResourceType> From(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        if (spec is null || names is null)
        {
            return [];
        }

        var group = (string?)spec["group"] ?? string.Empty;
        var plural = (string?)names["plural"] ?? string.Empty;
        var kind = (string?)names["kind"] ?? string.Empty;
        var result = new List<ResourceType>();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && !served.GetValue<bool>())
            {
                continue;
            }

            result.Add(new ResourceType
            {
                Group = group,
                Version = (string?)version["name"] ?? "v1",
                Kind = kind,
                Plural = plural,
                Singular = (string?)names["singular"] ?? kind.ToLowerInvariant(),
                Namespaced = (string?)spec["scope"] != "Cluster",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = version["subresources"]?["status"] is not null,
                Schema = version["schema"]?["openAPIV3Schema"]?.DeepClone(),
                Columns = (version["additionalPrinterColumns"] as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(c => new PrinterColumn(
                        (string?)c["name"] ?? string.Empty,
                        (string?)c["type"] ?? "string",
                        (string?)c["jsonPath"] ?? string.Empty,
                        (string?)c["description"] ?? string.Empty,
                        c["priority"] is JsonValue p ? p.GetValue<int>() : 0,
                        (string?)c["format"] ?? string.Empty))
                    .ToArray(),
                DefinedBy = ObjectMetaName(crd),
            });
        }

        return result;
    }

    private static string ObjectMetaName(JsonObject crd) => (string?)crd["metadata"]?["name"] ?? string.Empty;

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => (string?)x).OfType<string>().ToArray() : [];
}
