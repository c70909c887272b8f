using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Http;

namespace ElasticCompute.DevCluster.Server.Simulation;

/// <summary>Builds the CustomResourceDefinitions KubeVirt and CDI install, with their real schemas when a folder of them is given.</summary>
internal static class CrdBuilder
{
    public sealed record Column(string Name, string Type, string JsonPath, int Priority = 0);

    public static JsonObject Crd(
        string group, string version, string kind, string plural, string singular, bool namespaced,
        string[] shortNames, string[] categories, Column[] columns, JsonNode? schema, bool status = true)
    {
        var versionSpec = new JsonObject
        {
            ["name"] = version,
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema ?? OpenSchema() },
            ["additionalPrinterColumns"] = new JsonArray(columns.Select(c =>
            {
                var column = new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["jsonPath"] = c.JsonPath };
                if (c.Priority > 0)
                {
                    column["priority"] = c.Priority;
                }

                return (JsonNode)column;
            }).ToArray()),
        };
        if (status)
        {
            versionSpec["subresources"] = new JsonObject { ["status"] = new JsonObject() };
        }

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = group,
                ["scope"] = namespaced ? "Namespaced" : "Cluster",
                ["names"] = new JsonObject
                {
                    ["kind"] = kind,
                    ["listKind"] = kind + "List",
                    ["plural"] = plural,
                    ["singular"] = singular,
                    ["shortNames"] = new JsonArray(shortNames.Select(s => (JsonNode)s).ToArray()),
                    ["categories"] = new JsonArray(categories.Select(s => (JsonNode)s).ToArray()),
                },
                ["versions"] = new JsonArray(versionSpec),
            },
        };
    }

    /// <summary>The schema in <paramref name="directory"/>/<paramref name="file"/> (a document with openAPIV3Schema at its top), or null.</summary>
    public static JsonNode? Schema(string? directory, string file)
    {
        if (directory is null)
        {
            return null;
        }

        var path = Path.Combine(directory, file);
        return File.Exists(path) ? YamlJson.Read(File.ReadAllText(path))?["openAPIV3Schema"]?.DeepClone() : throw new FileNotFoundException($"KubeVirt schema {path} is missing", path);
    }

    private static JsonObject OpenSchema() => new() { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
}
