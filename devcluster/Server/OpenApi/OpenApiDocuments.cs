using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.OpenApi;

/// <summary>
/// OpenAPI v3 documents: a root listing one document per group-version, and per group-version the
/// kinds' schemas (tagged with x-kubernetes-group-version-kind) and paths whose PATCH declares the
/// fieldValidation parameter, which makes kubectl leave field validation to the server. Custom
/// resources carry their CRD schema, so <c>kubectl explain</c> prints its descriptions; built-in kinds
/// get an open schema (kubectl knows their types itself).
/// </summary>
public sealed class OpenApiDocuments(ResourceCatalog catalog)
{
    private readonly ConcurrentDictionary<(long Generation, string GroupVersion), string> cache = new();

    public JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var (group, versions) in catalog.Groups())
        {
            foreach (var version in versions)
            {
                var key = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
                var document = Document(group, version);
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(document)}" };
            }
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group-version as JSON text, or null when nothing is served there.</summary>
    public string? Document(string group, string version)
    {
        var generation = catalog.Generation;
        var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
        if (cache.TryGetValue((generation, groupVersion), out var cached))
        {
            return cached;
        }

        var types = catalog.InGroupVersion(group, version);
        if (types.Count == 0)
        {
            return null;
        }

        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var type in types)
        {
            var schemaName = SchemaName(type);
            var schema = type.Schema?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version });
            schemas[schemaName] = schema;

            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var item = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}/{{name}}" : $"{prefix}/{type.Plural}/{{name}}";
            var collection = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"{prefix}/{type.Plural}";
            var reference = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" };
            paths[item] = new JsonObject
            {
                ["get"] = Operation(type, "read", reference, []),
                ["put"] = Operation(type, "replace", reference, ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation(type, "patch", reference, ["dryRun", "fieldManager", "fieldValidation", "force"]),
                ["delete"] = Operation(type, "delete", null, ["dryRun", "propagationPolicy"]),
            };
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(type, "list", null, ["labelSelector", "fieldSelector", "limit", "continue", "watch"]),
                ["post"] = Operation(type, "create", reference, ["dryRun", "fieldManager", "fieldValidation"]),
            };
        }

        var text = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        }.ToJsonString();
        cache[(generation, groupVersion)] = text;
        return text;
    }

    /// <summary>"io.elasticcompute.v1alpha1.ElasticMachine": the group reversed, as the API server names CRD schemas.</summary>
    public static string SchemaName(ResourceType type)
    {
        var group = type.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', type.Group.Split('.').Reverse());
        return $"{group}.{type.Version}.{type.Kind}";
    }

    private static JsonObject Operation(ResourceType type, string verb, JsonObject? body, string[] query)
    {
        var parameters = new JsonArray(query.Select(q => (JsonNode)new JsonObject
        {
            ["name"] = q,
            ["in"] = "query",
            ["schema"] = new JsonObject { ["type"] = q is "limit" ? "integer" : q is "watch" or "force" ? "boolean" : "string", ["uniqueItems"] = true },
        }).ToArray());
        var operation = new JsonObject
        {
            ["operationId"] = $"{verb}{type.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = verb,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version },
        };
        if (body is not null && verb is "replace" or "create" or "patch")
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = body.DeepClone() } },
            };
        }

        return operation;
    }

    private static string Hash(string? document) =>
        document is null ? "0" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document)))[..32];
}
