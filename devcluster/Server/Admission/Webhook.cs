using System.Text.Json.Nodes;

namespace ElasticCompute.DevCluster.Server.Admission;

/// <summary>One webhook of a Mutating/ValidatingWebhookConfiguration, with the defaults admissionregistration/v1 applies.</summary>
internal sealed record Webhook(
    string Configuration,
    int Index,
    string Name,
    bool Mutating,
    JsonObject ClientConfig,
    IReadOnlyList<WebhookRule> Rules,
    bool FailOpen,
    bool ExactMatch,
    JsonObject? NamespaceSelector,
    JsonObject? ObjectSelector,
    string? SideEffects,
    int TimeoutSeconds,
    IReadOnlyList<string> ReviewVersions,
    bool ReinvokeIfNeeded)
{
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxTimeoutSeconds = 30;

    /// <summary>Identifies the webhook across the passes of one request (kube uses the configuration name and index).</summary>
    public string Key => $"{Configuration}/{Index}";

    public static IEnumerable<Webhook> FromConfiguration(JsonObject configuration, bool mutating)
    {
        var name = (string?)configuration["metadata"]?["name"] ?? string.Empty;
        if (configuration["webhooks"] is not JsonArray webhooks)
        {
            yield break;
        }

        for (var i = 0; i < webhooks.Count; i++)
        {
            if (webhooks[i] is JsonObject hook)
            {
                yield return Parse(name, i, hook, mutating);
            }
        }
    }

    private static Webhook Parse(string configuration, int index, JsonObject hook, bool mutating)
    {
        var timeout = hook["timeoutSeconds"] is JsonValue t && t.TryGetValue<int>(out var seconds) ? seconds : DefaultTimeoutSeconds;
        return new Webhook(
            configuration,
            index,
            (string?)hook["name"] ?? string.Empty,
            mutating,
            hook["clientConfig"] as JsonObject ?? [],
            hook["rules"] is JsonArray rules ? rules.OfType<JsonObject>().Select(WebhookRule.Parse).ToArray() : [],
            (string?)hook["failurePolicy"] == "Ignore",
            (string?)hook["matchPolicy"] == "Exact",
            hook["namespaceSelector"] as JsonObject,
            hook["objectSelector"] as JsonObject,
            (string?)hook["sideEffects"],
            Math.Clamp(timeout, 1, MaxTimeoutSeconds),
            hook["admissionReviewVersions"] is JsonArray versions ? versions.Select(v => (string?)v ?? string.Empty).ToArray() : [],
            mutating && (string?)hook["reinvocationPolicy"] == "IfNeeded");
    }
}
