using System.Text.Json;
using System.Text.Json.Nodes;
using Cel;
using ElasticCompute.Api.Quantities;
using k8s.Models;

namespace ElasticCompute.Api.Tests.Support;

/// <summary>
/// Runs a CRD's x-kubernetes-validations rules the way the API server does: each rule at its schema node,
/// rules that use oldSelf only on updates where the node existed before. Kubernetes' quantity() library is
/// provided for the rules that compare disk sizes.
/// </summary>
internal static class CelRules
{
    public static IReadOnlyList<string> Failures(V1JSONSchemaProps schema, JsonNode? updated, JsonNode? current)
    {
        var failures = new List<string>();
        Walk(schema, updated, current, failures);
        return failures;
    }

    public static IEnumerable<V1ValidationRule> All(V1JSONSchemaProps schema)
    {
        foreach (var rule in schema.XKubernetesValidations ?? [])
        {
            yield return rule;
        }

        var children = (schema.Properties?.Values ?? []).Concat(schema.Items is V1JSONSchemaProps i ? [i] : []);
        foreach (var rule in children.SelectMany(All))
        {
            yield return rule;
        }
    }

    /// <summary>Compiles every rule; throws on the first that does not parse.</summary>
    public static void Compile(V1JSONSchemaProps schema)
    {
        var environment = NewEnvironment();
        foreach (var rule in All(schema))
        {
            environment.Compile(rule.Rule);
        }
    }

    private static void Walk(V1JSONSchemaProps schema, JsonNode? updated, JsonNode? current, List<string> failures)
    {
        if (updated is null)
        {
            return;
        }

        foreach (var rule in schema.XKubernetesValidations ?? [])
        {
            var transition = rule.Rule.Contains("oldSelf", StringComparison.Ordinal);
            if (transition && current is null)
            {
                continue;
            }

            var variables = new Dictionary<string, object?> { ["self"] = ToCel(updated) };
            if (transition)
            {
                variables["oldSelf"] = ToCel(current);
            }

            if (NewEnvironment().Program(rule.Rule, variables!) is not true)
            {
                failures.Add(rule.Message);
            }
        }

        if (schema.Properties is { } properties && updated is JsonObject obj)
        {
            foreach (var (name, propertySchema) in properties)
            {
                Walk(propertySchema, obj[name], (current as JsonObject)?[name], failures);
            }
        }
    }

    private static CelEnvironment NewEnvironment()
    {
        var environment = new CelEnvironment(null, string.Empty);
        environment.RegisterFunction("quantity", [typeof(string)], args => new Quantity((string)args[0]!).ToDecimal());
        environment.RegisterFunction("compareTo", [typeof(decimal), typeof(decimal)], args => (long)((decimal)args[0]!).CompareTo((decimal)args[1]!));
        return environment;
    }

    private static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(kv => kv.Key, kv => ToCel(kv.Value)),
        JsonArray array => array.Select(ToCel).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var l) ? l : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
