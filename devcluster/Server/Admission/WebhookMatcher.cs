using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;
using ElasticCompute.DevCluster.Server.Registry;
using ElasticCompute.DevCluster.Server.Resources;
using ElasticCompute.DevCluster.Server.Selectors;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>Whether a webhook is called for a request: kube's rules, namespaceSelector and objectSelector checks.</summary>
internal static class WebhookMatcher
{
    private const string AdmissionGroup = "admissionregistration.k8s.io";

    // kube never sends these to webhooks, so a broken webhook cannot lock itself in.
    private static readonly HashSet<string> ExemptResources =
    [
        "validatingwebhookconfigurations",
        "mutatingwebhookconfigurations",
        "validatingadmissionpolicies",
        "validatingadmissionpolicybindings",
        "mutatingadmissionpolicies",
        "mutatingadmissionpolicybindings",
    ];

    private static readonly Dictionary<string, string> NoLabels = [];

    // Parsed selectors, per selector object of a loaded configuration (kept until the configuration changes).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonObject, LabelSelector> Selectors = [];

    public static bool IsExempt(ResourceType type) => type.Group == AdmissionGroup && ExemptResources.Contains(type.Plural);

    public static bool IsNamespaceResource(ResourceType type) => type.Group.Length == 0 && type.Plural == "namespaces";

    // matchConditions (CEL) are not evaluated: every webhook whose rules and selectors match is called.
    public static bool ShouldCall(Webhook webhook, AdmissionAttributes attributes, ResourceRegistry registry) =>
        webhook.Rules.Any(r => r.Matches(attributes, webhook.ExactMatch, registry.Catalog))
        && NamespaceMatches(webhook, attributes, registry)
        && ObjectMatches(webhook, attributes);

    /// <summary>kube's request namespace: a Namespace's own name for writes to an existing one.</summary>
    public static string RequestNamespace(AdmissionAttributes attributes) =>
        IsNamespaceResource(attributes.Type) && attributes.Operation != AdmissionOperation.Create ? attributes.Name : attributes.Namespace;

    public static IReadOnlyDictionary<string, string> Labels(JsonObject? obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj?["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = (string?)value ?? string.Empty;
            }
        }

        return labels;
    }

    private static bool NamespaceMatches(Webhook webhook, AdmissionAttributes attributes, ResourceRegistry registry)
    {
        var isNamespace = IsNamespaceResource(attributes.Type);
        if (!isNamespace && !attributes.Type.Namespaced)
        {
            return true;
        }

        var selector = Selector(webhook.NamespaceSelector, "namespaceSelector");
        if (selector.IsEmpty)
        {
            return true;
        }

        IReadOnlyDictionary<string, string> labels;
        if (isNamespace)
        {
            // A Namespace is judged by its own labels: the new ones on create/update, the live ones otherwise.
            labels = Labels(attributes.Subresource is null && attributes.Operation != AdmissionOperation.Delete ? attributes.Object : attributes.OldObject);
        }
        else
        {
            // The store keeps each object's labels parsed: no JSON is read for a check every write makes.
            labels = registry.Store.Get("namespaces", string.Empty, attributes.Namespace)?.Labels ?? NoLabels;
        }

        return selector.Matches(labels);
    }

    private static bool ObjectMatches(Webhook webhook, AdmissionAttributes attributes)
    {
        var selector = Selector(webhook.ObjectSelector, "objectSelector");
        return selector.IsEmpty
            || (attributes.Object is not null && selector.Matches(Labels(attributes.Object)))
            || (attributes.OldObject is not null && selector.Matches(Labels(attributes.OldObject)));
    }

    /// <summary>A metav1.LabelSelector (matchLabels, matchExpressions) in the string form LabelSelector parses.</summary>
    private static LabelSelector Selector(JsonObject? selector, string field)
    {
        if (selector is null)
        {
            return LabelSelector.Everything;
        }

        if (Selectors.TryGetValue(selector, out var parsed))
        {
            return parsed;
        }

        // An invalid selector is not cached: it fails every call, as kube's does.
        parsed = ParseSelector(selector, field);
        Selectors.AddOrUpdate(selector, parsed);
        return parsed;
    }

    private static LabelSelector ParseSelector(JsonObject selector, string field)
    {
        var terms = new List<string>();
        if (selector["matchLabels"] is JsonObject labels)
        {
            terms.AddRange(labels.Select(kv => $"{kv.Key}={(string?)kv.Value}"));
        }

        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = (string?)expression["key"] ?? string.Empty;
                var values = expression["values"] is JsonArray v ? string.Join(",", v.Select(x => (string?)x)) : string.Empty;
                terms.Add((string?)expression["operator"] switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "Exists" => key,
                    "DoesNotExist" => "!" + key,
                    var op => throw new ApiException(500, "InternalError", $"Internal error occurred: {field}: \"{op}\" is not a valid label selector operator"),
                });
            }
        }

        try
        {
            return LabelSelector.Parse(string.Join(",", terms));
        }
        catch (ApiException e)
        {
            throw new ApiException(500, "InternalError", $"Internal error occurred: {field}: {e.Message}");
        }
    }
}
