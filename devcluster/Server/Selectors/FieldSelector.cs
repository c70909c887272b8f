using System.Text.Json.Nodes;
using ElasticCompute.DevCluster.Server.Errors;

namespace ElasticCompute.DevCluster.Server.Selectors;

/// <summary>
/// A field selector: <c>metadata.name=web-1,metadata.namespace!=x</c>. metadata.name and metadata.namespace
/// work for every resource (as for CRDs); other dotted fields are read from the object for built-in kinds.
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms) => this.terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEmpty => terms.Count == 0;

    /// <summary>True when only metadata.name and metadata.namespace are used, so no object needs parsing.</summary>
    public bool OnlyIdentity => terms.All(t => t.Field is "metadata.name" or "metadata.namespace");

    public IEnumerable<string> Fields => terms.Select(t => t.Field);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var not = term.IndexOf("!=", StringComparison.Ordinal);
            var eq2 = term.IndexOf("==", StringComparison.Ordinal);
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (not > 0)
            {
                result.Add((term[..not], false, term[(not + 2)..]));
            }
            else if (eq2 > 0)
            {
                result.Add((term[..eq2], true, term[(eq2 + 2)..]));
            }
            else if (eq > 0)
            {
                result.Add((term[..eq], true, term[(eq + 1)..]));
            }
            else
            {
                throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }
        }

        return new FieldSelector(result);
    }

    public bool Matches(string @namespace, string name, Func<JsonObject>? load)
    {
        JsonObject? obj = null;
        foreach (var (field, equal, value) in terms)
        {
            var actual = field switch
            {
                "metadata.name" => name,
                "metadata.namespace" => @namespace,
                _ => Read(obj ??= load?.Invoke(), field),
            };
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static string? Read(JsonObject? obj, string field)
    {
        JsonNode? node = obj;
        foreach (var part in field.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node is JsonValue v ? v.ToString() : null;
    }
}
