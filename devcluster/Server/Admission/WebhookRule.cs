using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>One entry of a webhook's <c>rules</c>: operations × apiGroups × apiVersions × resources, and a scope.</summary>
internal sealed record WebhookRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    string Scope)
{
    public static WebhookRule Parse(JsonObject rule) => new(
        Strings(rule["operations"]),
        Strings(rule["apiGroups"]),
        Strings(rule["apiVersions"]),
        Strings(rule["resources"]),
        (string?)rule["scope"] ?? "*");

    /// <summary>As kube's rules.Matcher; with Equivalent, another served version of the same group-resource also matches.</summary>
    public bool Matches(AdmissionAttributes attributes, bool exact, ResourceCatalog catalog)
    {
        var type = attributes.Type;
        var operation = Operation(attributes.Operation);
        return (Operations.Contains("*") || Operations.Contains(operation))
            && (ApiGroups.Contains("*") || ApiGroups.Contains(type.Group))
            && VersionMatches(type, exact, catalog)
            && ResourceMatches(type.Plural, attributes.Subresource ?? string.Empty)
            && ScopeMatches(attributes);
    }

    public static string Operation(AdmissionOperation operation) => operation switch
    {
        AdmissionOperation.Create => "CREATE",
        AdmissionOperation.Update => "UPDATE",
        AdmissionOperation.Delete => "DELETE",
        _ => "CONNECT",
    };

    private bool VersionMatches(ResourceType type, bool exact, ResourceCatalog catalog)
    {
        if (ApiVersions.Contains("*") || ApiVersions.Contains(type.Version))
        {
            return true;
        }

        // matchPolicy Equivalent: a rule for another version of the same group-resource matches, when that version is served.
        return !exact && ApiVersions.Any(v => catalog.TryGet(type.Group, v, type.Plural, out _));
    }

    private bool ResourceMatches(string resource, string subresource)
    {
        foreach (var entry in Resources)
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var (res, sub) = slash < 0 ? (entry, string.Empty) : (entry[..slash], entry[(slash + 1)..]);
            if ((res == "*" || res == resource) && (sub == "*" || sub == subresource))
            {
                return true;
            }
        }

        return false;
    }

    private bool ScopeMatches(AdmissionAttributes attributes)
    {
        var isNamespace = WebhookMatcher.IsNamespaceResource(attributes.Type);
        return Scope switch
        {
            "Namespaced" => !isNamespace && attributes.Type.Namespaced,
            "Cluster" => isNamespace || !attributes.Type.Namespaced,
            _ => true,
        };
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n ?? string.Empty).ToArray() : [];
}
